from pathlib import Path

import pytest

from golden import CASES, expected_files, produce

CASE_DIRS = sorted(p for p in CASES.iterdir() if (p / "vault").is_dir())


@pytest.mark.parametrize("case", CASE_DIRS, ids=lambda p: p.name)
def test_golden(case: Path, tmp_path: Path) -> None:
    produced = produce(case, tmp_path)
    expected = expected_files(case)
    missing = sorted(set(produced) - set(expected))
    assert not missing, f"no expected file for {missing}: run python tests/regenerate_golden.py"
    assert sorted(expected) == sorted(produced), "expected files that were not produced"
    for name, data in produced.items():
        assert data.decode() == expected[name].decode(), name
