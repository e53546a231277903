"""Text from uploads is escaped wherever Streamlit would render Markdown."""

import pytest

from send_core.ui.widgets import escape_markdown


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("**bold**", r"\*\*bold\*\*"),
        ("[click](http://example.org)", r"\[click\]\(http\:\/\/example\.org\)".replace(r"\/", "/")),
        (":red[alarm]", r"\:red\[alarm\]"),
        ("<b>x</b>", r"\<b\>x\<\/b\>".replace(r"\/", "/")),
        ("$x^2$", r"\$x^2\$"),
        ("line one\nline two", "line one line two"),
        ("% of EHCPs", "% of EHCPs"),
    ],
)
def test_markdown_characters_are_escaped(text, escaped):
    assert escape_markdown(text) == escaped
