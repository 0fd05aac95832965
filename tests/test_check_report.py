"""`json_text`: readable UTF-8, and never a control character, on the quick path or not."""

from __future__ import annotations

import json

from plainheal.render.check_report import json_text


def test_ascii_documents_keep_their_text_and_escape_delete() -> None:
    assert json_text({"path": "Journal/a b.md"}) == '{"path": "Journal/a b.md"}'
    assert json_text({"path": "a\x7fb\x1bc"}) == '{"path": "a\\u007fb\\u001bc"}'
    assert json.loads(json_text({"path": "a\x7fb"})) == {"path": "a\x7fb"}


def test_other_text_stays_readable_and_its_controls_are_escaped() -> None:
    text = json_text({"path": "é\u2028\x85\x7f"}, indent=2)
    assert '"é\\u2028\\u0085\\u007f"' in text
    assert json.loads(text) == {"path": "é\u2028\x85\x7f"}
