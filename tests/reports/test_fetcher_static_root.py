"""Production renders name the hashed static copies (ManifestStaticFilesStorage): the report
fetcher loads them from STATIC_ROOT, and still nothing outside it."""

import pytest
from django.core.exceptions import SuspiciousFileOperation

from creaconnect.reports.fetcher import BASE_URL, RefusedURL, SafeURLFetcher


def test_hashed_stylesheet_in_static_root_is_loaded_and_nothing_outside(settings, tmp_path):
    root = tmp_path / "staticfiles"
    (root / "css").mkdir(parents=True)
    (root / "css" / "report.0123abcd.css").write_text("h1 { color: #123456 }")
    (tmp_path / "secret.txt").write_text("no")
    settings.STATIC_ROOT = root
    fetcher = SafeURLFetcher()
    response = fetcher.fetch(BASE_URL + "static/css/report.0123abcd.css")
    assert b"#123456" in response.read()
    for bad in ("static/../secret.txt", "static/css/missing.css", "static/%2e%2e/secret.txt"):
        # Refused (RefusedURL), or rejected earlier by the static finders' path check.
        with pytest.raises((RefusedURL, SuspiciousFileOperation)):
            fetcher.fetch(BASE_URL + bad)
