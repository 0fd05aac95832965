"""Every problem code the reader can give is listed in the README (docs cannot drift)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_LITERAL = re.compile(r'"(?:error|warning)",\s*"([a-z0-9-]+)"')
_ASSIGNED = re.compile(r'code, message = "([a-z0-9-]+)"')


def test_every_problem_code_is_documented() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "src" / "plainheal").rglob("*.py"))
    codes = set(_LITERAL.findall(source)) | set(_ASSIGNED.findall(source))
    codes -= {"warning"}  # `"error", "warning"` is the Severity literal itself
    assert {"duplicate-key", "name-not-utf8", "unicode-twin"} <= codes
    readme = (ROOT / "README.md").read_text()
    listed = readme[readme.index("Problem codes:") :]
    missing = sorted(code for code in codes if f"`{code}`" not in listed)
    assert missing == []
