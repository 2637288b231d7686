"""The gallery's filter panel is a disclosure, folded on phones by a static script (open
without it), so the projects come first on a small screen."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_filters_sit_in_a_disclosure_open_by_default(client):
    body = client.get("/showcase/").content.decode()
    panel = re.search(r"<details class=\"filter-panel\" open data-fold-narrow>(.*?)</details>",
                      body, re.S)
    assert panel, "filter panel is not a <details> disclosure"
    assert "<summary" in panel.group(1)
    assert 'name="q"' in panel.group(1)
    assert "js/disclosure.js" in body
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)
