"""`plainheal export`: a report for a chosen period, to share with a therapist.

The figures and patterns of exactly that period; then the full text of the entries marked
`share: true` in it. Entries marked `private: true` are left out of everything — figures,
evidence, dates — and only their number is said.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from plainheal.analysis import (
    Analysis,
    Window,
    analyze,
    compare_ratings,
    rating_stat,
    rating_values,
)
from plainheal.config import CONFIG_NAME, Thresholds
from plainheal.entry import Entry
from plainheal.generated import BOM
from plainheal.layout import conflict_original
from plainheal.periods import Period, PeriodFigures, period_figures
from plainheal.plugins import Analyzer
from plainheal.render import FINDINGS_SHOWN, direction_text, pattern_title
from plainheal.vocabulary import Vocabulary
from plainheal.words import cell, entries, mean, percent, plural, signed, span, sparkline, visible
from plainheal.write import (
    Status,
    WriteError,
    lstat_or_none,
    read_regular,
    remove_stale_temporaries,
    what_it_is,
    write_atomic,
)


class ExportError(Exception):
    """The report cannot be made for this period."""


# Every report carries one of these, so that only an earlier report is ever replaced.
REPORT_PROPERTY = "plainheal: export"
HTML_MARK = '<meta name="generator" content="plainheal export">'


@dataclass(frozen=True)
class SharedEntry:
    """An entry marked `share: true`, with its body text (frontmatter removed)."""

    entry: Entry
    body: str


@dataclass(frozen=True)
class ExportData:
    """Everything the report shows, computed from in-period, non-private entries only."""

    start: dt.date
    end: dt.date
    analysis: Analysis
    figures: PeriodFigures
    private_left_out: int
    shared: tuple[SharedEntry, ...]


def markdown_document(data: ExportData) -> str:
    """The Markdown report as a file: frontmatter (which marks it as plainheal's report),
    then the report."""
    return f"---\n{REPORT_PROPERTY}\nperiod: {data.start}/{data.end}\n---\n" + render_markdown(data)


def select(
    all_entries: Sequence[Entry], since: dt.date | None, until: dt.date | None
) -> tuple[dt.date, dt.date, list[Entry], int]:
    """The period (defaulting to the journal's span), its non-private entries, and how many
    private ones were left out."""
    dated = [e for e in all_entries if e.date is not None]
    # The default period is that of the entries the report may show: a private entry's
    # date must not appear even as the first or last day.
    dates = [e.date for e in dated if e.date is not None and not e.private]
    if not dates and (since is None or until is None):
        raise ExportError(
            "there are no dated entries to report on yet (entries marked private never are)"
        )
    start = since or min(dates)
    end = until or max(dates)
    if start > end:
        raise ExportError(f"the period starts ({start}) after it ends ({end})")
    inside = [e for e in dated if e.date is not None and start <= e.date <= end]
    kept = [e for e in inside if not e.private]
    return start, end, kept, len(inside) - len(kept)


def build(
    kept: Sequence[Entry],
    start: dt.date,
    end: dt.date,
    private_left_out: int,
    vocabulary: Vocabulary,
    thresholds: Thresholds,
    analyzers: Sequence[Analyzer],
    shared: Sequence[SharedEntry],
) -> ExportData:
    """The report's data. Pure."""
    analysis = analyze(kept, vocabulary, thresholds, analyzers)
    period = Period("export", f"{start}/{end}", start, end)
    return ExportData(
        start=start,
        end=end,
        analysis=analysis,
        figures=period_figures(period, kept, vocabulary),
        private_left_out=private_left_out,
        shared=tuple(sorted(shared, key=lambda s: s.entry.sort_key())),
    )


def _legend(vocabulary: Vocabulary) -> Iterator[str]:
    yield "## How to read this report"
    yield ""
    yield (
        "The person keeping this journal records, in each entry, what they noticed of their "
        "partner's behaviour and how they felt. Each behaviour value counts as positive (+1), "
        "mixed (0) or concerning (−1). *n* is the number of entries or ratings behind a figure. "
        "Pattern sentences are addressed to the person keeping the journal."
    )
    yield ""
    yield "| Dimension | +1 | 0 | −1 | Question |"
    yield "|---|---|---|---|---|"
    for dimension in vocabulary.dimensions.values():
        by_score = {score: [v for v in dimension.values if dimension.scores[v] == score]
                    for score in (1, 0, -1)}  # fmt: skip
        yield (
            f"| {cell(dimension.title())} | {', '.join(by_score[1]) or '–'} | "
            f"{', '.join(by_score[0]) or '–'} | {', '.join(by_score[-1]) or '–'} | "
            f"{cell(dimension.question)} |"
        )
    yield ""
    ratings = ", ".join(
        f"{r.title().lower()} ({r.low}–{r.high})" for r in vocabulary.ratings.values()
    )
    if ratings:
        yield f"Self-ratings, higher is better: {ratings}."
        yield ""


def _period_ratings(data: ExportData, vocabulary: Vocabulary) -> Iterator[str]:
    yield "## Self-ratings over the period"
    yield ""
    yield "| Rating | Mean | n |"
    yield "|---|---:|---:|"
    for key, rating in vocabulary.ratings.items():
        stat = data.figures.ratings[key]
        yield f"| {cell(rating.title())} | {mean(stat.mean)} | {stat.n} |"
    days = data.analysis.thresholds.recent_days
    if (data.end - data.start).days + 1 < 2 * days:
        return
    first = Window(data.start, data.start + dt.timedelta(days=days - 1))
    last = Window.ending(data.end, days)
    kept = data.analysis.entries
    need = data.analysis.thresholds.min_entries
    yield ""
    yield (
        f"The first {days} days of the period ({span(first.start, first.end)}) against the "
        f"last {days} ({span(last.start, last.end)}):"
    )
    yield ""
    yield "| Rating | First days | Last days | Change |"
    yield "|---|---:|---:|---:|"
    in_first = [e for e in kept if e.date and first.contains(e.date)]
    in_last = [e for e in kept if e.date and last.contains(e.date)]
    for key, rating in vocabulary.ratings.items():
        before, after = rating_stat(in_first, key), rating_stat(in_last, key)
        enough = before.n >= need and after.n >= need
        answer, _ = compare_ratings(
            rating_values(in_first, key),
            rating_values(in_last, key),
            rating,
            data.analysis.thresholds,
        )
        change = f"{signed((after.mean or 0) - (before.mean or 0))}, {answer}" if enough else answer
        yield (
            f"| {cell(rating.title())} | {mean(before.mean)} (n={before.n}) | "
            f"{mean(after.mean)} (n={after.n}) | {change} |"
        )


def _dimensions(data: ExportData, vocabulary: Vocabulary) -> Iterator[str]:
    weeks = data.analysis.thresholds.trend_weeks
    yield "## Partner behaviours over the period"
    yield ""
    yield f"| Dimension | Values recorded | Positive | Last {weeks} weeks | Direction |"
    yield "|---|---|---:|---|---|"
    summaries = {d.key: d for d in data.analysis.dimensions}
    for key, dimension in vocabulary.dimensions.items():
        counts = data.figures.counts[key]
        total = sum(counts.values())
        positive = sum(n for v, n in counts.items() if dimension.scores[v] > 0)
        share = f"{percent(positive / total)} ({positive} of {total})" if total else "–"
        values = " · ".join(f"{v} {n}" for v, n in counts.items())
        summary = summaries.get(key)
        trend = sparkline([w.mean_score for w in summary.weekly]) if summary else ""
        direction = direction_text(summary) if summary else "–"
        yield f"| {cell(dimension.title())} | {values} | {share} | `{trend}` | {direction} |"


def _consistency(data: ExportData, vocabulary: Vocabulary) -> Iterator[str]:
    trend_weeks = data.analysis.thresholds.trend_weeks
    yield "## Consistency"
    yield ""
    yield f"Weeks and runs are counted over the last {trend_weeks} weeks of the period."
    yield ""
    yield "| Dimension | Weeks with a positive mean | Longest positive run | Last concerning |"
    yield "|---|---|---|---|"
    for summary in data.analysis.dimensions:
        dimension = vocabulary.dimensions[summary.key]
        weeks = (
            f"{summary.positive_weeks} of {plural(summary.weeks_with_data, 'week')}"
            if summary.weeks_with_data
            else "–"
        )
        run = summary.longest_run
        longest = (
            f"{entries(run.length)} ({run.first.date} to {run.last.date})"
            if run.length and run.first and run.last
            else "–"
        )
        last = summary.last_concerning
        when = (
            f"{last.date} ({plural(summary.days_since_concerning or 0, 'day')} before the "
            "last entry)"
            if last is not None
            else "no concerning value recorded"
        )
        yield f"| {cell(dimension.title())} | {weeks} | {longest} | {when} |"


def _date_of(entry: Entry | None) -> dt.date | None:
    return entry.date if entry is not None else None


def _patterns(data: ExportData) -> Iterator[str]:
    yield "## Patterns"
    yield ""
    noticed = data.analysis.findings("noticed")
    shown: dict[str, int] = {}
    by_path = {e.path: e for e in data.analysis.entries}
    for result, finding in noticed:
        shown[result.analyzer] = shown.get(result.analyzer, 0) + 1
        if shown[result.analyzer] > FINDINGS_SHOWN:
            continue
        title = pattern_title(finding.id)
        if finding.subject:
            title = f"{title} ({finding.subject})"
        yield f"### {title}"
        yield ""
        yield finding.sentence
        dates = sorted({d for p in finding.evidence if (d := _date_of(by_path.get(p)))})
        if dates:
            listed = ", ".join(d.isoformat() for d in dates[:20])
            more = f" and {len(dates) - 20} more" if len(dates) > 20 else ""
            yield ""
            yield f"Entries: {listed}{more}."
        yield ""
    if not noticed:
        yield "No pattern stands out in this period, or there is not enough data yet."
        yield ""
    waiting = sorted({f.id for _, f in data.analysis.findings("not-enough-data")})
    if waiting:
        names = ", ".join(pattern_title(i).lower() for i in waiting)
        yield f"Not enough data in this period for: {names}."
        yield ""


def _needs(data: ExportData, vocabulary: Vocabulary) -> Iterator[str]:
    met = vocabulary.checklists.get("needs_met")
    unmet = vocabulary.checklists.get("needs_unmet")
    items = list(dict.fromkeys([*(met.items if met else ()), *(unmet.items if unmet else ())]))
    if not items:
        return
    yield "## Needs"
    yield ""
    yield "| Need | Met (entries) | Unmet (entries) |"
    yield "|---|---:|---:|"
    for item in items:
        yield (
            f"| {cell(item.capitalize())} | {data.figures.needs_met.get(item, 0)} | "
            f"{data.figures.needs_unmet.get(item, 0)} |"
        )


def entry_heading(shared: SharedEntry) -> str:
    """`2026-11-20` (with the file name when it adds something)."""
    assert shared.entry.date is not None
    day = shared.entry.date.isoformat()
    name = visible(shared.entry.name)  # a line break in a name would end the heading
    return day if name == day else f"{day} — {name}"


def observation_line(entry: Entry, vocabulary: Vocabulary) -> str:
    """The entry's recorded values in one line, in the vocabulary's order."""
    parts = [
        f"{rating.title()} {entry.ratings[key]}"
        for key, rating in vocabulary.ratings.items()
        if key in entry.ratings
    ]
    parts += [
        f"{dimension.title()}: {', '.join(entry.observations[key])}"
        for key, dimension in vocabulary.dimensions.items()
        if key in entry.observations
    ]
    parts += [
        f"{checklist.title()}: {', '.join(entry.checklists[key])}"
        for key, checklist in vocabulary.checklists.items()
        if key in entry.checklists
    ]
    return " · ".join(parts)


def render_report(data: ExportData) -> str:
    """The figures part of the report, as Markdown (without the shared entries)."""
    vocabulary = data.analysis.vocabulary
    kept = len(data.analysis.entries)
    lines = [
        f"# Journal report, {span(data.start, data.end)}",
        "",
        f"Prepared from {entries(kept)} in this period. "
        + (
            f"{plural(data.private_left_out, 'entry', 'entries')} marked private "
            f"{'was' if data.private_left_out == 1 else 'were'} left out of everything below."
            if data.private_left_out
            else "No entry was marked private."
        )
        + f" {plural(len(data.shared), 'entry', 'entries')} "
        f"{'is' if len(data.shared) == 1 else 'are'} shared in full at the end.",
        "",
        *_legend(vocabulary),
        *_period_ratings(data, vocabulary),
        "",
        *_dimensions(data, vocabulary),
        "",
        *_consistency(data, vocabulary),
        "",
        *_patterns(data),
        *_needs(data, vocabulary),
        "",
    ]
    return "\n".join(lines)


def render_markdown(data: ExportData) -> str:
    """The whole report as Markdown: figures, then shared entries in date order."""
    vocabulary = data.analysis.vocabulary
    parts = [render_report(data)]
    if data.shared:
        parts.append("## Shared entries\n")
        for shared in data.shared:
            observed = observation_line(shared.entry, vocabulary)
            parts.append(f"### {entry_heading(shared)}\n")
            if observed:
                parts.append(f"*{observed}*\n")
            parts.append(shared.body.strip() + "\n")
    parts.append(
        "---\n\n*Patterns describe what was written down; they are for reflection, not verdicts.*\n"
    )
    return "\n".join(parts)


# -- where the report may be written: the only part of this module that touches the disk --


class ReportRefused(ExportError):
    """The report may not be written to that path (it is not an earlier report)."""


MAX_NEW_FOLDERS = 3  # folders export may make inside the vault (e.g. `Reports/`)


@dataclass(frozen=True)
class ReportPlace:
    """A checked place for the report: its path, whether it is inside the vault, and the
    folders to make for it there (a new `Reports/`, say)."""

    path: Path
    in_vault: bool
    new_folders: tuple[str, ...] = ()


def is_report(data: bytes) -> bool:
    """True if these bytes are a report plainheal wrote (Markdown or HTML)."""
    head = data[:4096].decode("utf-8", "replace").removeprefix(BOM).replace("\r\n", "\n")
    if head.startswith("---\n"):
        close = head.find("\n---\n", 3)
        frontmatter = head[4:close] if close != -1 else ""
        return REPORT_PROPERTY in frontmatter.split("\n")
    return HTML_MARK in head


def _folders_up(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """`folder` and each folder above it, with what the file system says about each."""
    chain = []
    for path in (folder, *folder.parents):
        chain.append((path, os.stat(path)))
    return chain


def _within(chain: list[tuple[Path, os.stat_result]], folder: os.stat_result) -> list[str] | None:
    """The names from `folder` down to the chain's start, if the chain passes through it.
    Compared as the file system does (device and inode), so `..`, links and case-insensitive
    names all count as the same folder."""
    for depth, (_path, info) in enumerate(chain):
        if os.path.samestat(info, folder):
            return [path.name for path, _ in reversed(chain[:depth])]
    return None


def report_target(vault: Path, output: str | os.PathLike[str], summaries: str) -> ReportPlace:
    """Where the report may go; raises `ReportRefused` saying why not.

    Only a new file, or a regular file that is an earlier plainheal report, may be written:
    never a note, entry, template, sync-conflict copy, `plainheal.toml` or anything that is
    not a regular file; never into the summaries folder or a hidden folder of the vault."""
    raw = os.fspath(output)
    refuse = f"-o {raw}:"
    if not raw or raw.endswith(("/", os.sep)):
        raise ReportRefused(f"{refuse} give the name of a file, not a folder")
    given = Path(raw).absolute()
    if given.name in ("", ".", ".."):
        raise ReportRefused(f"{refuse} give the name of a file, not a folder")
    missing: list[str] = []  # folders to make, inside the vault only
    parent = given.parent
    while True:
        try:
            chain = _folders_up(parent.resolve(strict=True))
            break
        except (FileNotFoundError, NotADirectoryError):
            if parent == parent.parent or len(missing) >= MAX_NEW_FOLDERS:
                raise ReportRefused(f"{refuse} the folder it would go in does not exist") from None
            missing.insert(0, parent.name)
            parent = parent.parent
        except OSError as error:
            raise ReportRefused(f"{refuse} its folder cannot be used ({error.strerror})") from None
    if missing:
        inside = _within(chain, os.stat(vault.resolve()))
        if inside is None or not stat.S_ISDIR(chain[0][1].st_mode):
            # Outside the vault, a folder is the person's to make: plainheal makes none.
            raise ReportRefused(f"{refuse} the folder it would go in does not exist")
        if any(name.startswith(".") or name in ("", "..") for name in missing):
            raise ReportRefused(f"{refuse} that is inside a hidden folder of your vault")
        try:
            folder = os.stat(vault.resolve() / summaries)
        except OSError:
            folder = None
        below = [name.casefold() for name in (*inside, *missing)]
        output_parts = [part.casefold() for part in summaries.split("/") if part]
        if (folder is not None and _within(chain, folder) is not None) or (
            output_parts and below[: len(output_parts)] == output_parts
        ):
            raise ReportRefused(
                f"{refuse} that is plainheal's summaries folder; choose another place"
            )
        return ReportPlace(chain[0][0].joinpath(*missing, given.name), True, tuple(missing))
    if not stat.S_ISDIR(chain[0][1].st_mode):
        raise ReportRefused(f"{refuse} {given.parent.name} is not a folder")
    target = chain[0][0] / given.name
    try:
        info = lstat_or_none(target)
    except OSError as error:
        raise ReportRefused(f"{refuse} {error.strerror}") from None
    root = vault.resolve()
    in_vault = _within(chain, os.stat(root))
    if in_vault is not None:
        if any(name.startswith(".") for name in in_vault):
            raise ReportRefused(f"{refuse} that is inside a hidden folder of your vault")
        if not in_vault and target.name.lower() == CONFIG_NAME:
            raise ReportRefused(f"{refuse} that is where your vault's settings go")
        try:
            folder = os.stat(root / summaries)
        except OSError:
            folder = None
        if folder is not None and _within(chain, folder) is not None:
            raise ReportRefused(
                f"{refuse} that is plainheal's summaries folder; choose another place"
            )
    if info is None:
        return ReportPlace(target, in_vault is not None)
    kind = what_it_is(info)
    if kind is not None:
        raise ReportRefused(
            f"{refuse} that is {kind}; the report goes only to a new file or over an earlier report"
        )
    if in_vault is not None and conflict_original(target.name) is not None:
        raise ReportRefused(f"{refuse} that is a sync-conflict copy; choose another name")
    try:
        current = read_regular(target, raw)
    except WriteError as error:
        raise ReportRefused(f"{refuse} {error}") from None
    if current is not None and not is_report(current):
        raise ReportRefused(
            f"{refuse} that file exists and is not a report plainheal wrote, so it is left "
            "alone; choose a new name"
        )
    return ReportPlace(target, in_vault is not None)


def write_report(place: ReportPlace, text: str, shown: str) -> Status:
    """Write the report to a checked place, atomically; remove temporaries an interrupted
    export left there. Raises `ReportRefused` if the file changed into something else."""
    if place.new_folders:
        base = place.path.parents[len(place.new_folders)]
        for depth in range(1, len(place.new_folders) + 1):
            folder = base.joinpath(*place.new_folders[:depth])
            try:
                folder.mkdir(mode=0o700)  # readable by its owner only, like every folder made
            except FileExistsError:
                if folder.is_symlink() or not folder.is_dir():
                    raise ReportRefused(f"-o {shown}: {folder.name} is not a folder") from None
            except OSError as error:
                raise ReportRefused(f"-o {shown}: {folder.name}: {error.strerror}") from None
    remove_stale_temporaries(place.path.parent, recursive=False)
    current = read_regular(place.path, shown)
    if current is not None and not is_report(current):
        raise ReportRefused(f"-o {shown}: that file is not a report plainheal wrote; left alone")
    return write_atomic(place.path, text.encode("utf-8"), shown=shown, current=current)
