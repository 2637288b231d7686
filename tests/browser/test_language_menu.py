"""The language menu in a real browser: from French to every other language and back, on a
page with a query string, the same page each time (signed out; the signed-in case and every
pair of languages are covered in tests/accounts/test_language_switch.py)."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_language_menu_leaves_french_for_every_language(visitor):
    page = visitor.go("/fr/showcase/?q=art")
    for name, code, prefix in [("Italiano", "it", "/it"), ("English", "en", ""),
                               ("Srpski", "sr-latn", "/sr-latn"), ("Français", "fr", "/fr")]:
        page.locator("header .language-menu summary").click()
        page.locator("header .language-menu").get_by_role("button", name=name).click()
        page.wait_for_load_state("load")
        visitor.check()
        assert page.url == f"{visitor.base_url}{prefix}/showcase/?q=art", (name, page.url)
        assert page.locator("html").get_attribute("lang") == code
    visitor.screenshot("language-menu")
