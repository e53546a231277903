"""Text from uploads made safe for the places Streamlit renders Markdown."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$])")


def escape_markdown(text: str) -> str:
    """Text from an upload made safe to use where Streamlit renders Markdown (headings):
    every Markdown, colour (``:red[...]``), emoji and LaTeX character is backslash-escaped."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text).replace("\n", " "))


_LABEL_UNSAFE = re.compile(r"[\\`*_{}\[\]<>#|~$:]+")


def plain_label(text: str, limit: int = 60) -> str:
    """Text from an upload made safe for a widget's label without backslashes, which screen
    readers would read out: characters that could format Markdown become spaces (brackets
    and parentheses are harmless once square brackets are gone)."""
    label = " ".join(_LABEL_UNSAFE.sub(" ", str(text)).split())
    return label if len(label) <= limit else label[: limit - 1] + "…"
