"""What makes an entry private, read so that privacy fails closed: a `private` value that
is not clearly false, and a `#private` or `private::` typed anywhere in the text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ANY_PRIVATE = re.compile(r"#private|private[ \t]*::", re.IGNORECASE)
# Any sign of privacy in a note that could not be read: a tag, a field or a property line.
MAYBE_PRIVATE = re.compile(
    r"#private|private[ \t]*::|^[ \t-]*[\"']?private[\"']?[ \t]*:", re.IGNORECASE | re.MULTILINE
)
# `#private` written anywhere in the text, not escaped (`\#private`): inside code, HTML or a
# comment it is no tag, but the person typed it and a shared entry would show it.
_TYPED_PRIVATE = re.compile(r"(?<![\\\w])#private(?![\w-])", re.IGNORECASE)
# And a `private::` field typed there, with any value but a clearly false one.
_TYPED_FIELD = re.compile(r"(?<![\\\w])private[ \t]*::[ \t]*([^\]\)\n]*)", re.IGNORECASE)
_HTML = re.compile(r"<[^<>\n]*>")  # tags around a typed value (`<b>yes</b>`)
_DRESSING = "`*_~'\" \t"  # code, emphasis and quotes around a typed value
PRIVATE = "private"
# Privacy fails closed: only these words (and an empty value) say "not private".
_CLEARLY_FALSE = frozenset({"false", "no", "off", "0", ""})
_CLEARLY_TRUE = frozenset({"true", "yes", "on", "1", "y"})


def typed_private(body: str) -> bool:
    """A `#private` or a `private::` field (not clearly false) typed anywhere in the text."""
    if "#" in body and _TYPED_PRIVATE.search(body) is not None:
        return True
    return "::" in body and any(
        _HTML.sub("", match.group(1)).strip().strip(_DRESSING).lower() not in _CLEARLY_FALSE
        for match in _TYPED_FIELD.finditer(body)
    )


def private_value(value: Any) -> tuple[bool, bool]:
    """(is it private, was the value unclear) for a `private` property or field value.

    Anything but a clearly false value (`false`, `no`, `off`, `0`, empty) is private.
    """
    if value is None or isinstance(value, bool):
        return bool(value), False
    if isinstance(value, int):
        return value != 0, value not in (0, 1)
    if isinstance(value, str):
        word = value.strip().lower()
        return word not in _CLEARLY_FALSE, word not in _CLEARLY_FALSE | _CLEARLY_TRUE
    if isinstance(value, list) and not value:
        return False, False
    return True, True


@dataclass
class Privacy:
    """What the note says about being private: any sign at all makes it private."""

    private: bool = False
    unclear: list[str] = field(default_factory=list)  # property names with odd values

    def value(self, value: Any, name: str) -> None:
        private, unclear = private_value(value)
        self.private |= private
        if unclear:
            self.unclear.append(name)
