"""Write missing golden files; show a diff for changed ones and overwrite only with --accept.

python tests/regenerate_golden.py            # write missing, diff changed
python tests/regenerate_golden.py --accept   # also overwrite changed (after reading the diff)
"""

from __future__ import annotations

import difflib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from golden import CASES, expected_files, produce


def main() -> int:
    """Compare every case; return 1 if something differs and was not accepted."""
    accept = "--accept" in sys.argv
    differing = 0
    for case in sorted(p for p in CASES.iterdir() if (p / "vault").is_dir()):
        with tempfile.TemporaryDirectory() as workdir:
            produced = produce(case, Path(workdir))
        expected = expected_files(case)
        for name, data in sorted(produced.items()):
            target = case / "expected" / name
            if name not in expected:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                print(f"wrote {target}")
            elif expected[name] != data:
                differing += 1
                sys.stdout.writelines(
                    difflib.unified_diff(
                        expected[name].decode().splitlines(keepends=True),
                        data.decode().splitlines(keepends=True),
                        str(target),
                        "produced",
                    )
                )
                if accept:
                    target.write_bytes(data)
                    print(f"accepted {target}")
        for name in sorted(set(expected) - set(produced)):
            print(f"no longer produced: {case / 'expected' / name} (delete it by hand)")
    return 1 if differing and not accept else 0


if __name__ == "__main__":
    sys.exit(main())
