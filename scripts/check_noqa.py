"""Every ``# noqa`` names its codes and says why (`make lint`; issue 19).

Fails on a blanket ``# noqa`` and on a ``# noqa: CODE`` with no reason after the codes, e.g.
``# noqa: S603  our own executable, fixed arguments``. Ruff's RUF100 already fails on a noqa
that silences nothing.

    python scripts/check_noqa.py [paths...]     (default: the repository)
"""

import io
import re
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", ".data", "node_modules", "migrations", "staticfiles", "__pycache__", ".git"}
NOQA = re.compile(r"#\s*noqa\b(?P<codes>:\s*[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)?(?P<rest>.*)$",
                  re.IGNORECASE)


def problems_in(text: str) -> list[tuple[int, str]]:
    """``(line number, why)`` for each noqa comment in ``text`` without codes or a reason."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type != tokenize.COMMENT:
            continue
        match = NOQA.search(token.string)
        if match is None:
            continue
        if not match.group("codes"):
            found.append((token.start[0], "a blanket noqa: name the codes"))
        elif len(re.findall(r"[^\W\d_]", match.group("rest"))) < 3:
            found.append((token.start[0], "no reason after the codes"))
    return found


def python_files(paths):
    for path in paths:
        if path.is_file():
            yield path
            continue
        for file in sorted(path.rglob("*.py")):
            if not SKIP_DIRS.intersection(file.relative_to(path).parts):
                yield file


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or [ROOT]
    failures = 0
    for file in python_files(paths):
        for number, why in problems_in(file.read_text(encoding="utf-8")):
            print(f"{file}:{number}: {why}")
            failures += 1
    if failures:
        print(f"{failures} noqa without a reason (write it after the codes: "
              "`# noqa: S603  our own executable`)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
