"""Every UI language's catalogue is complete: no empty and no fuzzy entry."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import to_locale

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalogue_is_complete(code):
    po = ROOT / "locale" / to_locale(code) / "LC_MESSAGES" / "django.po"
    assert po.exists(), f"missing catalogue {po}"
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt is needed (apt package gettext)"
    result = subprocess.run([msgfmt, "--check", "--statistics", "-o", "/dev/null", str(po)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    stats = result.stderr.strip()
    assert "fuzzy" not in stats, f"{code}: {stats}"
    assert "untranslated" not in stats, f"{code}: {stats}"


@pytest.mark.parametrize(("code", "expected"), [("fr", "Aller au contenu"),
                                           ("sr-latn", "Preskoči na sadržaj")])
def test_compiled_catalogue_is_used(code, expected):
    with translation.override(code):
        assert translation.gettext("Skip to content") == expected
