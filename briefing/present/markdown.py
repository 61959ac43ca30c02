"""Text from outside the code (the URL, the data, the identity provider, error messages) shown in Markdown
exactly as written: never a link, an image, HTML, an icon or formatting."""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def literal(text: str) -> str:
    """Markdown that shows `text` exactly as written, on one line, as code: no link, image, HTML or
    formatting can come from it. (Escaping is not enough: Streamlit's GitHub-flavoured Markdown
    links a bare URL even with its punctuation escaped; it never does inside code.)"""
    text = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"


def escaped(text: str) -> str:
    """Text set inside prose (a person's name, a figure's source), every character Markdown would read
    as markup escaped. For text that may hold a URL use `literal`: Streamlit links a bare URL even with
    its punctuation escaped."""
    return _MARKUP.sub(r"\\\1", text)
