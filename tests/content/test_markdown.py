"""Markdown becomes HTML in exactly one place (content/markdown.py), and nothing that can run script survives it.

The template filter (templatetags/test_site_tags.py) and the stream block (test_blocks.py) are held to the same
script vectors (xss.py)."""

import pytest

from content.markdown import render_markdown
from tests.content.xss import XSS_PAYLOADS, assert_harmless


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_render_markdown_strips_script_vectors(payload):
    assert_harmless(str(render_markdown(payload)))


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
    assert '<table tabindex="0">' in html  # it scrolls sideways on a phone, from the keyboard too
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
