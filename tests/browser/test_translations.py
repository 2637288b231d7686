"""Hub-written texts in five languages, in a browser with the demo data: a hackathon page read
in French and in Serbian (translated challenges, prizes and rubric), and a hub's staff filling
in a missing Spanish text from the hackathon's translations checklist. axe checks every page;
screenshots at 1280 and 390 px."""

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from creaconnect.core.management.commands.seed_demo import DEMO_PASSWORD


@pytest.mark.django_db(transaction=True)
def test_translated_hackathon_page_and_the_staff_checklist(new_visitor):
    from hackathons.models import Challenge

    call_command("seed_demo", verbosity=0)
    reader = new_visitor()
    page = reader.go("/fr/hackathons/circular-futures/")
    assert page.get_by_role("heading", name="Festival zéro déchet").is_visible()
    assert page.get_by_text("Meilleur projet circulaire").is_visible()
    reader.screenshot("translations-hackathon-fr")
    page = reader.go("/sr-latn/hackathons/heritage-in-code/")
    assert page.get_by_role("heading", name="Živi zanati").is_visible()
    assert page.get_by_text("Izbor publike").first.is_visible()

    staff = new_visitor()
    staff.login("staff.la-friche@creaconnect.test", DEMO_PASSWORD)
    page = staff.go("/manage/la-friche/hackathons/circular-futures/")
    page.get_by_role("link", name="Translations").click()
    staff.check()
    staff.screenshot("translations-checklist")
    page.get_by_role("link", name="Zero-waste festival").click()
    staff.check()
    page.locator("summary", has_text="Español").click()
    page.get_by_label("Title (Español)").fill("Festival sin residuos")
    page.get_by_role("button", name="Save").click()
    staff.check()
    assert page.get_by_text("The translations are saved.").is_visible()
    with scopes_disabled():
        challenge = Challenge.objects.get(hackathon__slug="circular-futures",
                                          title="Zero-waste festival")
    assert challenge.translations["es"] == {"title": "Festival sin residuos"}
    assert challenge.translations["fr"]["title"] == "Festival zéro déchet"  # kept
    page = reader.go("/es/hackathons/circular-futures/")
    assert page.get_by_role("heading", name="Festival sin residuos").is_visible()
