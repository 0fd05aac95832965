"""A reader for Mermaid's `xychart` language, written from its grammar (xychart.jison).

The tests parse every chart plainheal writes with it, so a block Mermaid would refuse fails
here rather than as an error box in the person's Obsidian. It follows the lexer's states
and the first-match rule order of jison, and the grammar's productions, and returns what
Mermaid would draw: title, x labels, y range and series.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)")
_ALPHANUM_TOKENS = {"AMP", "NUM", "ALPHA", "PLUS", "EQUALS", "MULT", "DOT", "BRKT", "MINUS"}
_ALPHANUM_TOKENS |= {"UNDERSCORE"}
_INCLUSIVE = {"INITIAL", "axis_data", "axis_band_data", "data", "data_inner"}


class MermaidSyntaxError(ValueError):
    """The text is not a chart Mermaid's xychart parser accepts."""


@dataclass
class ParsedChart:
    """What Mermaid would draw."""

    orientation: str = "vertical"
    title: str = ""
    x_labels: list[str] = field(default_factory=list)
    x_range: tuple[float, float] | None = None
    y_title: str = ""
    y_range: tuple[float, float] | None = None
    series: list[tuple[str, str, list[float]]] = field(default_factory=list)  # kind, name, values
    init: dict[str, object] | None = None


def _directive(text: str) -> tuple[str, dict[str, object] | None]:
    """Mermaid removes `%%{init: {...}}%%` before parsing; its body must be JSON-like."""
    match = re.match(r"\s*%%\{\s*init\s*:\s*(\{.*\})\s*\}%%\s*\n", text)
    if not match:
        return text, None
    try:
        body = json.loads(match.group(1))
    except json.JSONDecodeError as error:
        raise MermaidSyntaxError(f"init directive is not valid: {error}") from None
    return text[match.end() :], body


def tokens(text: str) -> list[tuple[str, str]]:
    """The lexer of xychart.jison: (token, text) pairs, ending with EOF."""
    states = ["INITIAL"]
    out: list[tuple[str, str]] = []
    i = 0

    def state() -> str:
        return states[-1]

    while i < len(text):
        rest = text[i:]
        s = state()
        inclusive = s in _INCLUSIVE
        if s == "string":
            if rest[0] == '"':
                states.pop()
                i += 1
            else:
                m = re.match(r'[^"]*', rest)
                assert m
                out.append(("STR", m.group(0)))
                i += m.end()
            continue
        if s == "md_string":
            if rest.startswith('`"'):
                states.pop()
                i += 2
                continue
            m = re.match(r'(?:(?!`").)+', rest)
            if not m:
                raise MermaidSyntaxError(f"bad markdown string at {i}")
            out.append(("MD_STR", m.group(0)))
            i += m.end()
            continue
        # Rules in the grammar's order; the first that matches wins.
        if inclusive and re.match(r"%%(?!\{)[^\n]*", rest):
            i += re.match(r"%%(?!\{)[^\n]*", rest).end()  # type: ignore[union-attr]
            continue
        m = re.match(r"[^}]%%[^\n]*", rest)
        if inclusive and m:
            i += m.end()
            continue
        m = re.match(r"\r?\n", rest)
        if s in ("axis_data", "data") and m:
            states.pop()
            out.append(("NEWLINE", m.group(0)))
            i += m.end()
            continue
        m = re.match(r"[\n\r]+", rest)
        if m:
            out.append(("NEWLINE", m.group(0)))
            i += m.end()
            continue
        m = re.match(r"%%[^\n]*", rest)
        if m:
            i += m.end()
            continue
        lowered = rest.lower()
        keyword = None
        for word, token, push in (
            ("title", "title", None),
            ("xychart-beta", "XYCHART", None),
            ("xychart", "XYCHART", None),
            ("vertical", "CHART_ORIENTATION", None),
            ("horizontal", "CHART_ORIENTATION", None),
            ("x-axis", "X_AXIS", "axis_data"),
            ("y-axis", "Y_AXIS", "axis_data"),
        ):
            if lowered.startswith(word):
                keyword = (word, token, push)
                break
        if lowered.startswith(("acctitle", "accdescr")):
            raise MermaidSyntaxError("accessibility statements are not used by plainheal")
        if keyword:
            word, token, push = keyword
            if push:
                states.append(push)
            out.append((token, rest[: len(word)]))
            i += len(word)
            continue
        if s == "axis_data" and rest.startswith("["):
            states.append("axis_band_data")
            out.append(("SQUARE_BRACES_START", "["))
            i += 1
            continue
        if s == "axis_data" and rest.startswith("-->"):
            out.append(("ARROW_DELIMITER", "-->"))
            i += 3
            continue
        if lowered.startswith("line") or lowered.startswith("bar"):
            word = rest[:4] if lowered.startswith("line") else rest[:3]
            states.append("data")
            out.append(("LINE" if len(word) == 4 else "BAR", word))
            i += len(word)
            continue
        if s == "data" and rest.startswith("["):
            states.append("data_inner")
            out.append(("SQUARE_BRACES_START", "["))
            i += 1
            continue
        m = _NUMBER.match(rest)
        if s in ("axis_data", "data_inner") and m:
            out.append(("NUMBER_WITH_DECIMAL", m.group(0)))
            i += m.end()
            continue
        if s in ("data_inner", "axis_band_data") and rest.startswith("]"):
            states.pop()
            out.append(("SQUARE_BRACES_END", "]"))
            i += 1
            continue
        if rest.startswith('`"'):
            states.append("md_string")
            i += 2
            continue
        if rest.startswith('"'):
            states.append("string")
            i += 1
            continue
        simple = {
            "[": "SQUARE_BRACES_START",
            "]": "SQUARE_BRACES_END",
            ":": "COLON",
            "+": "PLUS",
            ",": "COMMA",
            "=": "EQUALS",
            "*": "MULT",
            "#": "BRKT",
            "_": "UNDERSCORE",
            ".": "DOT",
            "&": "AMP",
            "-": "MINUS",
            ";": "SEMI",
        }
        m = re.match(r"[A-Za-z]+", rest)
        if m:
            out.append(("ALPHA", m.group(0)))
            i += m.end()
            continue
        if rest[0] in simple and rest[0] not in "[]":
            out.append((simple[rest[0]], rest[0]))
            i += 1
            continue
        if rest[0] in "[]":
            out.append((simple[rest[0]], rest[0]))
            i += 1
            continue
        m = re.match(r"[0-9]+", rest)
        if m:
            out.append(("NUM", m.group(0)))
            i += m.end()
            continue
        m = re.match(r"\s+", rest)
        if m:
            i += m.end()
            continue
        raise MermaidSyntaxError(f"unexpected character {rest[0]!r} at offset {i}")
    if state() in ("string", "md_string"):
        raise MermaidSyntaxError("a string is not closed")
    out.append(("EOF", ""))
    return out


class _Parser:
    def __init__(self, toks: list[tuple[str, str]]) -> None:
        self.toks = toks
        self.pos = 0
        self.chart = ParsedChart()

    def peek(self) -> str:
        return self.toks[self.pos][0]

    def take(self, kind: str) -> str:
        token, text = self.toks[self.pos]
        if token != kind:
            raise MermaidSyntaxError(f"expected {kind}, got {token} {text!r} (token {self.pos})")
        self.pos += 1
        return text

    def eol(self) -> bool:
        if self.peek() in ("NEWLINE", "SEMI"):
            self.pos += 1
            return True
        return self.peek() == "EOF"

    def text(self) -> str:
        if self.peek() in ("STR", "MD_STR"):
            return self.take(self.peek())
        parts = []
        while self.peek() in _ALPHANUM_TOKENS:
            parts.append(self.take(self.peek()))
        if not parts:
            raise MermaidSyntaxError(f"expected text, got {self.peek()} (token {self.pos})")
        return "".join(parts)

    def numbers(self) -> list[float]:
        self.take("SQUARE_BRACES_START")
        values = [float(self.take("NUMBER_WITH_DECIMAL"))]
        while self.peek() == "COMMA":
            self.take("COMMA")
            values.append(float(self.take("NUMBER_WITH_DECIMAL")))
        self.take("SQUARE_BRACES_END")
        return values

    def parse(self) -> ParsedChart:
        while self.peek() in ("NEWLINE", "SEMI"):
            self.pos += 1
        if self.peek() == "XYCHART":
            self.take("XYCHART")
            if self.peek() == "CHART_ORIENTATION":
                self.chart.orientation = self.take("CHART_ORIENTATION").lower()
        else:
            raise MermaidSyntaxError("a chart starts with xychart-beta")
        while self.peek() != "EOF":
            if self.eol():
                continue
            self.statement()
        return self.chart

    def statement(self) -> None:
        token = self.peek()
        if token == "title":
            self.take("title")
            self.chart.title = self.text().strip()
        elif token == "X_AXIS":
            self.take("X_AXIS")
            if self.peek() not in ("SQUARE_BRACES_START", "NUMBER_WITH_DECIMAL"):
                self.text()
            if self.peek() == "SQUARE_BRACES_START":
                self.take("SQUARE_BRACES_START")
                labels = [self.text()]
                while self.peek() == "COMMA":
                    self.take("COMMA")
                    labels.append(self.text())
                self.take("SQUARE_BRACES_END")
                self.chart.x_labels = labels
            elif self.peek() == "NUMBER_WITH_DECIMAL":
                low = float(self.take("NUMBER_WITH_DECIMAL"))
                self.take("ARROW_DELIMITER")
                self.chart.x_range = (low, float(self.take("NUMBER_WITH_DECIMAL")))
        elif token == "Y_AXIS":
            self.take("Y_AXIS")
            if self.peek() != "NUMBER_WITH_DECIMAL":
                self.chart.y_title = self.text()
            if self.peek() == "NUMBER_WITH_DECIMAL":
                low = float(self.take("NUMBER_WITH_DECIMAL"))
                self.take("ARROW_DELIMITER")
                self.chart.y_range = (low, float(self.take("NUMBER_WITH_DECIMAL")))
        elif token in ("LINE", "BAR"):
            kind = self.take(token).lower()
            name = "" if self.peek() == "SQUARE_BRACES_START" else self.text()
            self.chart.series.append((kind, name, self.numbers()))
        else:
            raise MermaidSyntaxError(f"unexpected {token} (token {self.pos})")
        if not self.eol():
            raise MermaidSyntaxError(f"expected the end of a statement, got {self.peek()}")


def parse_xychart(block: str) -> ParsedChart:
    """Parse a Mermaid xychart (the text inside a ```mermaid fence, or the whole fence)."""
    text = block
    if text.startswith("```mermaid\n"):
        if not text.rstrip("\n").endswith("```"):
            raise MermaidSyntaxError("the fence is not closed")
        text = text[len("```mermaid\n") :].rstrip("\n")[:-3]
    text, init = _directive(text)
    chart = _Parser(tokens(text)).parse()
    chart.init = init
    return chart
