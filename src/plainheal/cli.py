"""The `plainheal` command: arguments in, one library call, output and exit code out."""

from __future__ import annotations

import datetime as dt
import gc
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from plainheal.cli_options import Seconds, day_option, report_form
from plainheal.entry import printable
from plainheal.plugins import PluginError, discover
from plainheal.read.obsidian import SettingsError
from plainheal.read.vault import Journal, VaultError, read_journal
from plainheal.render.check_report import check_json, check_summary, json_text, problem_lines
from plainheal.render.summary_json import run_json
from plainheal.render.terminal import file_lines, plugin_lines
from plainheal.summarize import summarize
from plainheal.write.atomic import WriteError
from plainheal.write.signals import signals_interrupt
from plainheal.write.starter import (
    EntryExists,
    TemplateMissing,
    init_vault,
    new_entry,
    not_read_note,
)

# `export` (markdown-it) and `watch` (watchdog) import what they need when they run, so that
# `check` and `summarize` start quickly.

F = TypeVar("F", bound=Callable[..., Any])


def vault_argument(function: F) -> F:
    """The optional VAULT argument every command takes."""
    return click.argument(
        "vault",
        required=False,
        default=".",
        envvar="PLAINHEAL_VAULT",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
    )(function)


def _print_json(document: Any) -> None:
    # Indented for a person at a terminal; compact (and several times faster) for scripts.
    indent = 2 if sys.stdout.isatty() else None
    click.echo(json_text(document, indent))


def _read(vault: Path) -> Journal:
    try:
        journal = read_journal(vault)
    except VaultError as error:
        raise click.ClickException(str(error)) from None
    if _ONE_RUN:
        # The process ends with this command, and the journal lives until then: the cyclic
        # garbage collector need not walk its tens of thousands of objects again at every
        # collection while the summaries are made. (Not when the command runs inside
        # another program, such as a test, which goes on after it.)
        gc.freeze()
    return journal


def _report_problems(journal: Journal) -> None:
    for line in problem_lines(journal):
        click.echo(line, err=True)


_ONE_RUN = False  # set by `run`: this process is the command and ends with it


def run() -> None:
    """The `plainheal` program (its console script and `python -m plainheal`)."""
    global _ONE_RUN
    _ONE_RUN = True
    main()


@click.group()
@click.version_option(package_name="plainheal", prog_name="plainheal")
def main() -> None:
    """plainheal: gentle, evidence-linked patterns from your private Markdown journal.

    Every command takes the vault folder as an optional argument (default:
    $PLAINHEAL_VAULT, else the current folder). Nothing is written outside the vault
    except a report you export to a place you choose, and nothing is sent anywhere.
    """


@main.command()
@vault_argument
@click.option("--json", "as_json", is_flag=True, help="Print the entries and problems as JSON.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
def check(vault: Path, as_json: bool, strict: bool) -> None:
    """Read every entry and report problems; change nothing.

    Exit code 1 when some file could not be read (with --strict: any warning too).

    Example: plainheal check ~/Journal --json
    """
    journal = _read(vault)
    if as_json:
        _print_json(check_json(journal))
    else:
        _report_problems(journal)
        click.echo(check_summary(journal), err=True)
    if journal.has_errors or (strict and (journal.problems or journal.conflicts)):
        sys.exit(1)


@main.command(name="summarize", short_help="Write the pattern summaries into the vault.")
@vault_argument
@click.option("--dry-run", is_flag=True, help="Work everything out but write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON on stdout.")
@click.option("--strict", is_flag=True, help="Exit 1 if the vault has errors or warnings.")
def summarize_command(vault: Path, dry_run: bool, as_json: bool, strict: bool) -> None:
    """Write the pattern summaries into the vault's output folder (default Patterns/).

    Prints which files were created, updated, unchanged or skipped. Text you write outside
    the plainheal markers of a summary is kept.

    Example: plainheal summarize ~/Journal --dry-run --json
    """
    journal = _read(vault)
    try:
        with signals_interrupt():
            run = summarize(vault, dry_run=dry_run, journal=journal)
    except WriteError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        _print_json(run_json(run))
    else:
        _report_problems(journal)
        for line in file_lines(run.files):
            click.echo(line, err=True)
    if any(outcome.failed for outcome in run.files):
        sys.exit(1)
    if strict and (journal.problems or journal.conflicts):
        sys.exit(1)


@main.command(short_help="Make a journal vault from the Obsidian template.")
@click.argument(
    "vault",
    required=False,
    default=".",
    envvar="PLAINHEAL_VAULT",
    type=click.Path(file_okay=False, path_type=Path),
)
def init(vault: Path) -> None:
    """Make a journal vault from the Obsidian template (folders, settings, entry template).

    Works in a new or an existing folder and never overwrites a file: anything already
    there is left as it is.

    Example: plainheal init ~/Private/Journal
    """
    try:
        report = init_vault(vault)
    except (TemplateMissing, VaultError, WriteError, OSError) as error:
        raise click.ClickException(str(error)) from None
    for relative in report.created:
        click.echo(f"  created  {relative}", err=True)
    for relative in report.kept:
        click.echo(f"     kept  {relative} (already there, left as it is)", err=True)
    click.echo(
        f"Ready: {len(report.created)} created, {len(report.kept)} left as they were. "
        f"Open the folder in Obsidian and read 'Start here'.",
        err=True,
    )


@main.command(short_help="Create the entry for a date and print its path.")
@vault_argument
@click.option(
    "--date",
    "day",
    metavar="YYYY-MM-DD",
    callback=day_option,
    help="The entry's date (default: today).",
)
@click.option("--edit", is_flag=True, help="Open the new entry in $VISUAL or $EDITOR.")
def new(vault: Path, day: dt.date | None, edit: bool) -> None:
    """Create the entry for a date from the vault's template and print its path.

    The path, name and template are those Obsidian uses for the day's daily note (Periodic
    Notes, else Daily notes; default Journal/YYYY-MM-DD.md from Templates/Journal entry.md).
    An existing entry is never overwritten, nor doubled: if the day has its entry already,
    under any name, its path is printed (and with --edit, it is opened).

    Example: plainheal new ~/Journal --date 2026-11-20 --edit
    """
    now = dt.datetime.now()
    try:
        relative = new_entry(vault, day or now.date(), now)
    except EntryExists as exists:  # the day's entry is there: say so, and open it with --edit
        relative = exists.relative
        click.echo(f"{exists}{'; opening it' if edit else ''}", err=True)
    except (TemplateMissing, SettingsError, WriteError, VaultError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(relative)
    unread = not_read_note(vault, relative)
    if unread is not None:
        click.echo(unread, err=True)
    if edit:
        try:
            click.edit(filename=str(vault / relative))
        except click.ClickException as error:
            if error.message.endswith("Editing failed"):  # it ran, and ended with an error
                raise click.ClickException(
                    f"the editor ended with an error; the entry is at {relative}"
                ) from None
            raise click.ClickException(  # the editor named by $VISUAL or $EDITOR is not there
                f"could not open an editor; the entry is at {relative}. Set $VISUAL or "
                "$EDITOR to an editor you have (e.g. EDITOR=nano)"
            ) from None


@main.command()
def plugins() -> None:
    """List the installed plugins and what each contributes.

    Plugins are Python packages with an entry point in the `plainheal.plugins` group; the
    built-in vocabulary and analyzers are one of them. A plugin that fails to load is named
    with its error (exit 1), and everything else still works.

    Example: plainheal plugins
    """
    try:
        registry = discover()
    except PluginError as error:
        raise click.ClickException(str(error)) from None
    for line in plugin_lines(registry):
        click.echo(line)
    for failure in registry.failures:
        click.echo(f"error: {failure}", err=True)
    if registry.failures:
        sys.exit(1)


@main.command()
@vault_argument
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="First day, YYYY-MM-DD.")
@click.option("--until", type=click.DateTime(formats=["%Y-%m-%d"]), help="Last day, YYYY-MM-DD.")
@click.option(
    "--format",
    "form",
    type=click.Choice(["md", "html"]),
    help=(
        "Markdown, or one self-contained HTML file to print or save as PDF "
        "(default: as the -o file's name ends, .html or .md; Markdown without -o)."
    ),
)
@click.option(
    "-o",
    "--output",
    help=(
        "Write the report to this new file, or over an earlier report (required for HTML); "
        "Markdown goes to stdout without it."
    ),
)
def export(
    vault: Path,
    since: dt.datetime | None,
    until: dt.datetime | None,
    form: str | None,
    output: str | None,
) -> None:
    """Write a report for a period, to share with a therapist.

    A one-page summary, a timeline of the period (charts in HTML, weekly tables in both)
    with the moments marked by `event:` and the concerning moments, the figures and patterns
    of exactly that period (default: the whole journal), then the person's own words in
    entries marked `share: true`. Entries marked `private: true` are left out entirely;
    only their number is mentioned.

    Example: plainheal export ~/Journal --since 2026-09-01 --format html -o report.html
    """
    from plainheal.export import ExportError, export_report

    form = report_form(form, output)
    if form == "html" and output is None:
        raise click.UsageError("--format html needs -o FILE (HTML is not printed to the terminal)")
    journal = _read(vault)
    try:
        with signals_interrupt():
            run = export_report(
                vault,
                output,
                journal,
                since=since.date() if since else None,
                until=until.date() if until else None,
                form="html" if form == "html" else "md",
            )
    except ExportError as error:  # nothing to report, or not a place the report may go
        raise click.UsageError(printable(str(error))) from None
    except WriteError as error:
        raise click.ClickException(printable(str(error))) from None
    for skipped in run.report.skipped:
        click.echo(skipped, err=True)
    if output is None or run.status is None:
        click.echo(run.report.text, nl=False)
        return
    status = run.status
    written = (
        output
        if run.kept is None or run.path is None
        else str(Path(output).with_name(run.path.name))
    )
    click.echo(f"{status:>9}  {printable(written)}", err=True)
    if run.kept is not None:
        click.echo(
            f"The report at {printable(output)} was changed since plainheal wrote it (your "
            "notes, say), or comes from an earlier version: it is left as it is.",
            err=True,
        )
    if not run.in_vault:
        click.echo(
            "This report holds private material and is outside your journal folder: "
            "keep it somewhere only you can open, and delete it when it has served.",
            err=True,
        )


@main.command(short_help="Summarize now, then keep the summaries current.")
@vault_argument
@click.option("--poll", is_flag=True, help="Poll for changes instead of waiting for file events.")
@click.option(
    "--debounce",
    type=Seconds(0, 600),
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="Quiet time after the last change before summaries are rewritten.",
)
@click.option(
    "--poll-interval",
    type=Seconds(0.1, 3600),
    default=5.0,
    show_default=True,
    metavar="SECONDS",
    help="With polling (--poll, or a mount that needs it), how often the vault is looked at.",
)
def watch(vault: Path, poll: bool, debounce: float, poll_interval: float) -> None:
    """Summarize now, then keep the summaries current while files change.

    Only changed files are read again, and only summaries whose content changes are
    rewritten. Vaults on FUSE, WebDAV, SMB or NFS mounts (Cryptomator, gocryptfs, rclone)
    are polled automatically on Linux; use --poll elsewhere. It keeps going through an
    invalid plainheal.toml (until you fix it), failed writes and unreadable files; if the
    vault goes away (a locked volume), it waits for the same vault to come back. Ctrl-C
    stops.

    Example: plainheal watch ~/Journal --poll --poll-interval 10
    """
    from plainheal.watch.loop import Watcher, WatchOptions

    options = WatchOptions(
        poll=poll,
        debounce=debounce,
        ceiling=max(10.0, debounce * 5),
        poll_interval=poll_interval,
    )
    watcher = Watcher(vault, options, say=lambda line: click.echo(line, err=True))

    def request_stop(_signal: int, _frame: object) -> None:
        watcher.stop()

    previous = {s: signal.signal(s, request_stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        watcher.run()
    except (VaultError, WriteError) as error:
        raise click.ClickException(str(error)) from None
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    click.echo("Stopped.", err=True)
