"""The sign-up, sign-in, reset and two-factor pages are the platform's own: branded, sentence
case, errors beside their field, the terms linked."""

import re

import pytest

PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
TITLE_CASE = re.compile(r"Sign Up|Sign In|Sign Out|Password Reset|Reset My Password|"
                        r"Verify Your|Two-Factor|Change Password|Confirm Email|Remember Me")


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["", "/fr"])
def test_entrance_pages_are_branded_and_in_sentence_case(client, lang):
    for path in PAGES:
        body = client.get(lang + path).content.decode()
        assert 'class="auth-box' in body, path
        assert "<h1>" in body, path
        assert not TITLE_CASE.search(body), (path, TITLE_CASE.search(body))


@pytest.mark.django_db
def test_password_error_sits_under_the_password_field(client):
    body = client.post("/accounts/signup/", {
        "display_name": "Ana", "email": "ana@example.org", "password1": "short",
        "password2": "short", "accept_terms": "on"}).content.decode()
    error = body.index('id="id_password1_error"')
    assert body.index('name="password1"') < error < body.index('name="password2"')
    assert 'id="id_email_error"' not in body


@pytest.mark.django_db
def test_terms_of_use_are_a_link_to_the_page_that_holds_them(client):
    body = client.get("/fr/accounts/signup/").content.decode()
    assert re.search(r'<a href="/fr/privacy/">[^<]+</a>', body)
    assert client.get("/fr/privacy/").status_code == 200
