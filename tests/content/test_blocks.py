"""The shared stream blocks (content/blocks.py): a Markdown block, and a whole body of them, render only what is
harmless."""

import pytest
from wagtail.blocks import StreamValue

from content.blocks import BodyBlock, MarkdownBlock
from tests.content.xss import XSS_PAYLOADS, assert_harmless


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
