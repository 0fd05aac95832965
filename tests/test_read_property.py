"""Property tests: reading never raises, and check's output is always clean, whatever the
vault holds (bytes in files, bytes in file names)."""

import json
import os
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plainheal.builtin import VOCABULARY
from plainheal.cli import main
from plainheal.read.parse import parse_file

# Fragments that reach the unusual corners of the reader when put together at random.
_FRAGMENTS = [
    "---\n", "date: ", "2026-11-20", "0001-01-01", "9999-12-31", "safety: ", "3", "²", "٣",
    "empathy: ", "hollow", "proactve", "private: ", "on", "[true]", "tags: ", "[private]",
    "#private", "private:: ", "&a ", "*a", "!!int ", "!!timestamp ", "!!python/object ",
    "!tag ", "!!binary ", "[", "]", "{", "}", ": ", "\n", "  - ", "'", '"', "\\", "\x00",
    "\x1b[2J", "\ufeff", "\r\n", "\u202e", "Safety: ", "SAFETY: ", "empathy:: ", "#empathy/",
    "```\n", "`", "<!-- plainheal:end -->", "plainheal: generated\n", "...\n",
]  # fmt: skip

_texts = st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=8), max_size=40).map("".join)
_ENCODINGS = ("utf-8", "utf-16", "utf-16-le", "utf-32", "latin-1")


# Drawing the text is what costs, not reading it: each text is read in every encoding.
@settings(max_examples=150, deadline=None)
@given(_texts, st.binary(max_size=16))
def test_parsing_never_raises_and_messages_stay_clean(text: str, noise: bytes) -> None:
    for encoding in _ENCODINGS:
        data = text.encode(encoding, errors="replace") + noise
        result = parse_file("Journal/2026-11-20.md", data, VOCABULARY)
        for problem in result.problems:
            assert problem.message.isprintable(), (encoding, problem.message)
            assert len(problem.message) < 400, encoding


# A file name: any bytes but `/` and NUL, not `.` or `..`, at most 255 bytes.
_names = (
    st.binary(min_size=1, max_size=60)
    .map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_"))
    .filter(lambda b: b not in (b".", b".."))
)
_contents = st.sampled_from(
    [
        b"---\ndate: 2026-11-20\nsafety: 3\n---\n",
        b"---\ndate: [\n---\n",
        b"---\nempathy: proactve\n---\n",
        b"\xff\xfe\x00",
        b"",
    ]
)


def _clean_stream(data: bytes) -> str:
    text = data.decode("utf-8")  # raises if not valid UTF-8
    assert all(c.isprintable() or c == "\n" for c in text), repr(text)
    return text


# Up to sixteen files a vault: some 180 file names a run over 30 vaults (sixty vaults of up
# to five gave some 210), with half the runs of the commands.
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_names, _contents), min_size=1, max_size=16))
def test_check_output_is_valid_json_and_free_of_control_characters(
    files: list[tuple[bytes, bytes]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        vault = Path(folder)
        journal = os.path.join(os.fsencode(vault), b"Journal")
        os.mkdir(journal)
        for name, content in files:
            with open(os.path.join(journal, name + b".md"), "wb") as handle:
                handle.write(content)
        runner = CliRunner()
        as_json = runner.invoke(main, ["check", str(vault), "--json"], catch_exceptions=False)
        assert as_json.exit_code in (0, 1)
        document = json.loads(_clean_stream(as_json.stdout_bytes))
        assert set(document) == {"entries", "problems", "conflicts"}
        listing = runner.invoke(main, ["check", str(vault)], catch_exceptions=False)
        _clean_stream(listing.stderr_bytes)
        summary = runner.invoke(main, ["summarize", str(vault)], catch_exceptions=False)
        assert summary.exit_code == 0, summary.stderr
        _clean_stream(summary.stderr_bytes)
        for page in (vault / "Patterns").rglob("*.md"):
            page.read_bytes().decode("utf-8")


def test_json_output_escapes_every_unprintable_character(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "Journal").mkdir(parents=True)
    for name in ["a\u0085b", "c\u2028d", "e\u202ef", "g\x1bh", "i\u200bj"]:
        (vault / "Journal" / f"2026-11-20 {name}.md").write_text("---\ndate: [\n---\n")
    result = CliRunner().invoke(main, ["check", str(vault), "--json"])
    text = _clean_stream(result.stdout_bytes)
    paths = sorted(p["path"] for p in json.loads(text)["problems"])
    assert paths[0] == "Journal/2026-11-20 a\u0085b.md"
