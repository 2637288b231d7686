"""The live tests' log reader flags what it must: errors in each process's own format."""

import pytest

from .stack import ERROR_LINE


@pytest.mark.parametrize(("line", "flagged"), [
    ("2026-12-04 16:30:56,035 ERROR django.request Internal Server Error: /dashboard/", True),
    ("[2026-12-04 16:32:18,118: ERROR/ForkPoolWorker-1] Task x[1] raised unexpected: E()", True),
    ("[2026-12-04 16:32:18: CRITICAL/MainProcess] Unrecoverable error", True),
    ("Traceback (most recent call last):", True),
    ('[04/Dec/2026 16:26:19] "POST /judge/submissions/4/ HTTP/1.1" 500 145', True),
    ('[04/Dec/2026 16:26:19] "GET /judge/submissions/4/ HTTP/1.1" 200 10551', False),
    ('[04/Dec/2026 16:26:19] "GET /missing/ HTTP/1.1" 404 5000', False),
    ("[2026-12-04 16:32:18,773: INFO/ForkPoolWorker-1] submission reminders written: 0", False),
])
def test_error_lines_are_recognised(line, flagged):
    assert bool(ERROR_LINE.search(line)) is flagged
