"""Markdown becomes HTML in exactly one place, and nothing that can run script survives it."""

import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from wagtail.blocks import StreamValue

from content.blocks import BodyBlock, MarkdownBlock
from content.markdown import render_markdown

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


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_strips_script_vectors(payload):
    assert_harmless(str(render_markdown(payload)))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_template_filter_is_sanitised(payload):
    html = Template("{% load site_tags %}{{ text|markdown }}").render(Context({"text": payload}))
    assert_harmless(html)


def test_markdown_filter_output_is_not_escaped_again():
    html = Template("{% load site_tags %}{{ text|markdown }}").render(Context({"text": "**bold** & [a](https://x.example)"}))
    assert "<strong>bold</strong>" in html
    assert "&amp;" in html
    assert "&lt;strong" not in html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_block_render_basic_is_sanitised(payload):
    assert_harmless(str(MarkdownBlock().render_basic(payload)))


def test_body_stream_with_markdown_renders_sanitised():
    """The whole body, through the block templates, keeps the Markdown and drops every payload."""
    block = BodyBlock()
    payloads = [p.values[0] for p in XSS_PAYLOADS]
    value = StreamValue(block, [("markdown", "## Safe heading\n\nKeep **this**.")]
                        + [("markdown", payload) for payload in payloads])
    html = str(block.render(value))
    assert '<h2>Safe heading</h2>' in html
    assert "<strong>this</strong>" in html
    assert html.count('class="prose"') == len(payloads) + 1
    assert_harmless(html)


def test_empty_markdown_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_headings_are_kept():
    html = render_markdown("## Section\n\n### Subsection\n\n#### Detail")
    assert "<h2>Section</h2>" in html
    assert "<h3>Subsection</h3>" in html
    assert "<h4>Detail</h4>" in html


def test_top_level_heading_is_demoted_to_text():
    """The page title is the only h1; a Markdown `#` heading keeps its text but not the tag."""
    html = render_markdown("# Title")
    assert "<h1" not in html
    assert "Title" in html


def test_lists_are_kept():
    html = render_markdown("- one\n- two\n\nSteps:\n\n1. first\n2. second\n\nLater:\n\n3. third\n4. fourth")
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in html
    assert '<ol start="3">\n<li>third</li>' in html


def test_tables_are_kept():
    html = render_markdown("| Day | Topic |\n|-----|-------|\n| 1 | Intake |\n| 2 | Planning |")
    assert "<table>" in html
    assert "<thead>" in html
    assert "<th>Day</th>" in html
    assert "<td>Planning</td>" in html


def test_links_keep_their_url_and_get_a_safe_rel():
    html = render_markdown('[Hromada](https://hromada.example/courses/ "Catalogue") <mailto:a@example.org>')
    assert ('<a href="https://hromada.example/courses/" title="Catalogue" rel="noopener noreferrer nofollow">'
            "Hromada</a>") in html
    assert 'href="mailto:a@example.org"' in html


def test_editor_supplied_rel_is_replaced():
    html = render_markdown('<a href="https://x.example" rel="opener" target="_blank">x</a>')
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "opener\"" not in html.replace("noopener", "")
    assert "target" not in html


def test_emphasis_and_inline_code_are_kept():
    html = render_markdown("*soft* **strong** `code` ~~no~~")
    assert "<em>soft</em>" in html
    assert "<strong>strong</strong>" in html
    assert "<code>code</code>" in html


def test_fenced_code_is_kept_as_text():
    html = render_markdown("```\n<script>alert(1)</script>\n```")
    assert "<pre><code>" in html
    assert "&lt;script&gt;" in html
    assert "<script" not in html


def test_images_keep_safe_attributes():
    html = render_markdown('![Trainer at a session](https://img.example/a.jpg "Session")')
    assert '<img alt="Trainer at a session" src="https://img.example/a.jpg" title="Session">' in html
