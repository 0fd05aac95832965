"""A report's digest of its own content: how plainheal knows a report is exactly what it wrote.

A report kept in the vault is a note like any other, and people write in it before a
session. So an earlier report is replaced only when it is byte for byte what plainheal
wrote: it carries the SHA-256 of its text (without the digest's own line), in its
frontmatter (Markdown) or in a meta element of its head (HTML). A line added anywhere, or
the digest edited, and the file is the person's: it is left alone. Pure: text in, text out.
"""

from __future__ import annotations

import hashlib
import re

from plainheal.render.report_data import HTML_MARK

MARKDOWN_DIGEST = "digest: sha256:{}\n"  # the frontmatter's last line
HTML_DIGEST = '<meta name="plainheal-digest" content="sha256:{}">\n'  # after the generator

# Either form's digest line, wherever it stands (`seal` decides where it belongs).
_DIGEST_LINE = re.compile(r'^(?:digest: |<meta name="plainheal-digest" ).*\n', re.MULTILINE)

# A digest line as plainheal writes it: a trace of a report even when it was changed.
_SEALED_LINE = re.compile(
    r"^(?:digest: sha256:[0-9a-f]{64}"
    r'|<meta name="plainheal-digest" content="sha256:[0-9a-f]{64}">)$',
    re.MULTILINE,
)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal(text: str) -> str:
    """The report `text` with its digest in place: in the frontmatter of a Markdown report
    (which starts with one), after the generator mark in the head of an HTML report."""
    digest = _digest(text)
    if text.startswith("---\n"):
        close = text.index("\n---\n", 3) + 1
        return text[:close] + MARKDOWN_DIGEST.format(digest) + text[close:]
    mark = text.index(HTML_MARK + "\n") + len(HTML_MARK) + 1
    return text[:mark] + HTML_DIGEST.format(digest) + text[mark:]


def is_sealed(data: bytes) -> bool:
    """True if `data` is exactly a report as `seal` made it: its digest matches the rest, and
    stands where plainheal puts it."""
    try:
        # Line endings and a byte-order mark a sync client or an editor gave it are not the
        # person's words: the text is plainheal's all the same.
        text = data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return False
    found = _DIGEST_LINE.search(text)
    if found is None:
        return False
    content = text[: found.start()] + text[found.end() :]
    try:
        return seal(content) == text
    except ValueError:  # no frontmatter or generator mark where `seal` puts the digest
        return False


def carries_digest(text: str) -> bool:
    """True if `text` holds a report's digest line (a report, perhaps changed since)."""
    return _SEALED_LINE.search(text) is not None
