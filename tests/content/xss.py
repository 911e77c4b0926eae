"""Script vectors that every way Markdown becomes HTML must defuse (the renderer, the template filter, the stream
block), and the check that what comes out is harmless."""

import re
from html.parser import HTMLParser

import pytest

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "style", "form", "input", "button", "base", "meta",
                  "link", "svg", "math", "frame", "frameset", "noscript", "textarea", "select"}
DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}

XSS_PAYLOADS = [
    pytest.param("<script>alert(1)</script>", id="script-tag"),
    pytest.param("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", id="script-src-uppercase"),
    pytest.param("Text <script>alert(1)</script> more text", id="script-inline"),
    pytest.param("<img src=x onerror=alert(1)>", id="img-onerror"),
    pytest.param("<svg onload=alert(1)>", id="svg-onload"),
    pytest.param("<svg><script>alert(1)</script></svg>", id="svg-script"),
    pytest.param("[x](javascript:alert(1))", id="md-link-javascript"),
    pytest.param("[x](JAVASCRIPT:alert(1))", id="md-link-javascript-uppercase"),
    pytest.param("[x](  javascript:alert(1))", id="md-link-javascript-leading-space"),
    pytest.param("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", id="md-link-data"),
    pytest.param('<a href="javascript:alert(1)">x</a>', id="html-link-javascript"),
    pytest.param('<a href="jav&#x09;ascript:alert(1)">x</a>', id="html-link-entity-tab"),
    pytest.param("[x](jav&#x09;ascript:alert(1))", id="md-link-entity-tab"),
    pytest.param('<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
                 id="html-link-decimal-entities"),
    pytest.param('<a href="java\nscript:alert(1)">x</a>', id="html-link-newline"),
    pytest.param('<a href="vbscript:msgbox(1)">x</a>', id="html-link-vbscript"),
    pytest.param('<a href="https://ok.example" onclick="alert(1)">x</a>', id="link-onclick"),
    pytest.param('<iframe src="https://evil.example"></iframe>', id="iframe"),
    pytest.param('<iframe srcdoc="<script>alert(1)</script>"></iframe>', id="iframe-srcdoc"),
    pytest.param('<object data="javascript:alert(1)"></object>', id="object"),
    pytest.param('<embed src="javascript:alert(1)">', id="embed"),
    pytest.param("<style>body{background:url(javascript:alert(1))}</style>", id="style-tag"),
    pytest.param('<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">go</button>'
                 "</form>", id="form-action"),
    pytest.param("<input onfocus=alert(1) autofocus>", id="input-onfocus-autofocus"),
    pytest.param("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", id="math-mglyph-style"),
    pytest.param('<math href="javascript:alert(1)">x</math>', id="math-href"),
    pytest.param('<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
                 id="math-maction-xlink"),
    pytest.param('"><script>alert(1)</script>', id="attribute-break-out"),
    pytest.param("<details open ontoggle=alert(1)><summary>s</summary>x</details>", id="details-ontoggle"),
    pytest.param('<p style="background:url(javascript:alert(1))">x</p>', id="style-attribute-url"),
    pytest.param('<div style="width:expression(alert(1))">x</div>', id="style-attribute-expression"),
    pytest.param('<base href="javascript:alert(1)//">', id="base-href"),
    pytest.param('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', id="meta-refresh"),
    pytest.param("![x](javascript:alert(1))", id="md-image-javascript"),
    pytest.param('![x](x" onerror="alert(1))', id="md-image-attribute-break"),
    pytest.param('<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">', id="img-data-svg"),
    pytest.param("[x][evil]\n\n[evil]: javascript:alert(1)", id="md-reference-javascript"),
    pytest.param("[x][evil]\n\n[evil]: data:text/html,<script>alert(1)</script>", id="md-reference-data"),
    pytest.param("<javascript:alert(1)>", id="md-autolink-javascript"),
    pytest.param('<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
                 id="noscript-mutation"),
    pytest.param("<!-- --><script>alert(1)</script><!-- -->", id="comment-wrapped-script"),
    pytest.param("<x onclick=alert(1)>x</x>", id="unknown-tag-handler"),
]


class _Markup(HTMLParser):
    """Every start tag and its attributes, as a browser would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def parse(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.tags


def assert_harmless(html: str) -> None:
    """Nothing in `html` can run script: no such tag, no event handler, no script or data URL, no style."""
    lowered = html.lower()
    assert "<script" not in lowered
    assert "javascript:" not in lowered
    assert "vbscript:" not in lowered
    assert "data:" not in lowered
    # Event handlers, looking at markup only (quoted attribute values are text, not attributes).
    markup_only = re.sub(r'"[^"]*"', '""', re.sub(r"'[^']*'", "''", html))
    assert not re.search(r"<[^>]*\son\w+\s*=", markup_only, re.IGNORECASE)
    for tag, attrs in parse(html):
        assert tag not in FORBIDDEN_TAGS, html
        for name, value in attrs:
            assert not name.startswith("on"), html
            assert name != "style", html
            if name in URL_ATTRIBUTES and value:
                assert not DANGEROUS_SCHEME.match(value), html
