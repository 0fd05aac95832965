"""One file's bytes → an entry (or not) and its problems. Pure: no disk, no clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from plainheal.entry import Entry, FileResult, Problem
from plainheal.read.dates import BadDate, name_dates, parse_date_property
from plainheal.read.observations import (
    BOM,
    DATE_RANGE,
    EVENT_LABEL_MAX,
    MAX_SCANNED_BODY,
    TAG_KEYS,
    collect,
    event_labels,
    flag,
    is_blank,
    is_private_tag,
    out_of_range,
    raw_observations,
    shown_key,
    strings,
    tag_words,
    too_long_to_scan,
)
from plainheal.read.privacy import MAYBE_PRIVATE, PRIVATE, Privacy
from plainheal.read.properties import FrontmatterError, key_lines, load_frontmatter, split
from plainheal.read.yaml_errors import DOUBLED_FENCE, doubled_fence, plain_yaml_error
from plainheal.vocabulary import Vocabulary, normalize_key

_WIDE = (  # byte-order marks of text saved as UTF-32 or UTF-16 (longest first)
    (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
    (b"\xff\xfe", "utf-16", "UTF-16"),
    (b"\xfe\xff", "utf-16", "UTF-16"),
)


def _decode_wide(path: str, data: bytes) -> tuple[str | None, Problem | None] | None:
    """Text saved as UTF-16 or UTF-32 (Windows Notepad's "Unicode"): read it, and say so."""
    for mark, codec, name in _WIDE:
        if data.startswith(mark):
            advice = f"is saved as {name}; save it as UTF-8 (most editors can)"
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None, Problem(path, "error", "not-utf8", f"{advice} and run again")
            text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
            if "\x00" in text:
                break  # binary after all
            warning = Problem(path, "warning", "not-utf8", f"{advice}; it was read this time")
            return text, warning
    return None


def decode(path: str, data: bytes) -> tuple[str | None, Problem | None]:
    """The text of a file, or the problem that stops it being read.

    Text with a problem beside it is read, with a warning (a UTF-16 file).
    """
    wide = _decode_wide(path, data)
    if wide is not None:
        return wide
    if b"\x00" in data[:8192]:
        return None, Problem(path, "error", "binary", "looks like a binary file, not text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        message = "is not UTF-8 text; save it as UTF-8 (most editors can) and run again"
        return None, Problem(path, "error", "not-utf8", message, line)
    if text.startswith(BOM):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def parse_file(
    path: str, data: bytes, vocabulary: Vocabulary, date_formats: tuple[str, ...] = ()
) -> FileResult:
    """Read one note: is it an entry, what does it observe, what is wrong with it.

    `path` is relative to the vault with `/` separators; it is only used to name the file
    in problems and to find a date in its name, in one of `date_formats` (moment.js, tried
    in order) or `YYYY-MM-DD`. Never raises on any input.
    """
    text, problem = decode(path, data)
    if text is None:
        return FileResult(None, (problem,) if problem else ())
    if problem is not None:
        return _with_problem(parse_text(path, text, vocabulary, date_formats), problem)
    return parse_text(path, text, vocabulary, date_formats)


def _with_problem(result: FileResult, problem: Problem) -> FileResult:
    if result.entry is None and not result.problems:
        return result  # not an entry: passed over without a word, however it is saved
    return replace(result, problems=(problem, *result.problems))


def parse_text(
    path: str, text: str, vocabulary: Vocabulary, date_formats: tuple[str, ...] = ()
) -> FileResult:
    """`parse_file` for text already decoded (newlines as `\\n`, no BOM)."""
    named = name_dates(date_formats).read(path)
    name_date = named.date
    name_problem: tuple[Problem, ...] = ()
    if name_date is not None and out_of_range(name_date):
        message = (
            f"the date in its file name has the year {name_date.year}, not {DATE_RANGE}; "
            "it is not used"
        )
        name_problem = (Problem(path, "error", "date-out-of-range", message),)
        name_date = None
    if not text.strip():
        if name_date is None:
            return FileResult(None, name_problem)
        empty = Problem(path, "warning", "empty", "is empty: nothing to read for this day")
        return FileResult(Entry(path, name_date), (empty,))

    def error(code: str, message: str, line: int | None) -> FileResult:
        # Unreadable, it may still say it is private: no export names it (fails closed).
        private = MAYBE_PRIVATE.search(text) is not None
        problems = (*name_problem, Problem(path, "error", code, message, line))
        return FileResult(None, problems, private=private)

    try:
        parts = split(text)
        loaded = load_frontmatter(parts.frontmatter) if parts.frontmatter is not None else None
    except FrontmatterError as failure:
        if failure.plain:
            return error("yaml-syntax", failure.message, failure.line)
        message, line = plain_yaml_error(failure.message, text.split("\n"), failure.line)
        return error("yaml-syntax", message, line)
    if doubled_fence(parts.frontmatter, parts.body, vocabulary.known_keys):
        return error("yaml-syntax", f"the frontmatter could not be read: {DOUBLED_FENCE}", 2)
    properties = loaded.value if loaded is not None else None
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        return error(
            "frontmatter-not-mapping",
            "the frontmatter should be a list of `key: value` properties",
            2,
        )
    if "plainheal" in properties:
        return FileResult(None, generated=True)

    frontmatter = parts.frontmatter or ""
    special: dict[str, str] = {}
    privacy = Privacy()
    raw = raw_observations(properties, parts.body, parts.body_line, vocabulary, special, privacy)
    collected, problems = collect(path, raw, vocabulary, frontmatter)
    problems[:0] = name_problem
    if too_long_to_scan(parts.body):
        message = (
            f"its text is longer than {MAX_SCANNED_BODY // 1024} KB, so tags and fields "
            "written in the text are not read (properties are)"
        )
        problems.append(Problem(path, "warning", "long-text", message))
    for duplicate in loaded.duplicates if loaded is not None else ():
        # Privacy fails closed: an ignored repeat of `private` or `tags` still counts.
        if normalize_key(duplicate.key) == PRIVATE:
            privacy.value(duplicate.value, duplicate.key)
        elif normalize_key(duplicate.key) in TAG_KEYS:
            tags = tag_words(strings(duplicate.value), split_items=True)
            privacy.private |= any(is_private_tag(tag) for tag in tags)
        same = (
            "again"
            if duplicate.key == duplicate.first
            else f"again (as {shown_key(duplicate.key)})"
        )
        problems.append(
            Problem(
                path,
                "warning",
                "duplicate-key",
                f"{shown_key(duplicate.first)} is set {same}; the first one is used",
                duplicate.line,
            )
        )
    for name in privacy.unclear:
        problems.append(
            Problem(
                path,
                "warning",
                "private-unclear",
                "private: the value is neither true nor false, so the entry is kept private "
                "(write `private: true` or `private: false`)",
                key_lines(frontmatter).get(name),
            )
        )

    date: dt.date | None = name_date
    date_key = special.get("date")
    date_written = date_key is not None and not is_blank(properties[date_key])
    if date_key is not None and date_written:
        try:
            date = parse_date_property(properties[date_key], date_formats)
        except BadDate as bad:
            date = None
            code, message = "invalid-date", str(bad)
        else:
            code, message = "date-out-of-range", f"date: the year {date.year} is not {DATE_RANGE}"
        if date is None or out_of_range(date):
            date = name_date
            fallback = (
                f"; using {name_date.isoformat()} from the file name"
                if name_date
                else "; this entry is left out of every time series"
            )
            problems.append(
                Problem(
                    path, "error", code, message + fallback, key_lines(frontmatter).get(date_key)
                )
            )

    if date is None and named.impossible is not None and not date_written:
        problems.append(
            Problem(
                path,
                "error" if raw else "warning",
                "invalid-date",
                f"its name fits the date format {named.impossible} but is not a real calendar "
                "date: correct the name, or add `date: YYYY-MM-DD`; until then it is left out "
                "of every time series",
            )
        )
    elif date is None and raw and not name_problem and not date_written:
        # (A date written but not read has its own problem, which says what to fix.)
        problems.append(
            Problem(
                path,
                "warning",
                "no-date",
                "it has observations but no date: add `date: YYYY-MM-DD`, or put the date in "
                "the file name (in another format, list it in `date_formats` of plainheal.toml); "
                "it is left out of every time series",
            )
        )
    events: tuple[str, ...] = ()
    if "event" in special:
        events, refused = event_labels(properties[special["event"]])
        if refused:
            problems.append(
                Problem(
                    path,
                    "warning",
                    "event-not-a-label",
                    f"event: a label should be a few words (at most {EVENT_LABEL_MAX} "
                    "characters, one per list item); this one is not used (not repeated here)",
                    key_lines(frontmatter).get(special["event"]),
                )
            )
    if date is None and not raw:
        return FileResult(None, tuple(problems), private=privacy.private)
    entry = Entry(
        path=path,
        date=date,
        observations={k: tuple(sorted(set(v))) for k, v in sorted(collected.observations.items())},
        ratings=dict(sorted(collected.ratings.items())),
        checklists={k: tuple(sorted(set(v))) for k, v in sorted(collected.checklists.items())},
        private=privacy.private,
        share="share" in special and flag(properties[special["share"]]),
        events=events,
    )
    return FileResult(entry, tuple(problems))
