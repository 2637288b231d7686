"""The error summary names each field in plain words: no link inside its link, no ".:"."""

import re

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/fr"])
def test_error_summary_line_for_a_sentence_label_with_links(client, prefix):
    response = client.post(f"{prefix}/accounts/signup/", {
        "display_name": "Zoë D'Amélio", "email": "zoe@example.org",
        "password1": "a-Long-pass-2026!", "password2": "a-Long-pass-2026!",
    })
    page = response.content.decode()
    summary = page.split('class="alert alert-error error-summary"', 1)[1].split("</div>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", summary, re.S)
    assert len(items) == 1
    assert items[0].count("<a ") == 1  # only the link to the field
    assert 'href="#id_accept_terms"' in items[0]
    assert ".:" not in items[0]
    assert "&amp;#" not in items[0]
