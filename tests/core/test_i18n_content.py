"""Hub-written content in several languages: calls and hackathons shown in the visitor's
language, falling back to the original, edited from the console forms, and e-mailed in the
recipient's language."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django_scopes import scope, scopes_disabled

from creaconnect.core.i18n_content import Localised, localised
from creaconnect.notifications.models import Notification
from creaconnect.notifications.services import notify
from hackathons.models import Hackathon
from programme.models import Call
from tests.factories import CallFactory, make_hackathon

FR = {"fr": {"title": "Résidences créatives", "summary": "Un soutien pour les projets.",
             "description": "Six mois d'accompagnement.", "eligibility": "Toute personne."}}


def make_call(hub, **kw):
    with scope(hub=hub):
        return CallFactory(hub=hub, cohort=None, title="Creative residencies",
                           summary="Support for projects.", **kw)


def test_localised_picks_active_language_and_falls_back(hub_a):
    call = make_call(hub_a, translations={"fr": {"title": "Résidences créatives"},
                                          "it": {"title": "   "}})
    with translation.override("fr"):
        assert localised(call, "title") == "Résidences créatives"
        assert localised(call, "summary") == "Support for projects."  # not translated
    with translation.override("it"):  # blank translation counts as missing
        assert localised(call, "title") == "Creative residencies"
    with translation.override("en"):
        assert localised(call, "title") == "Creative residencies"
    assert localised(call, "title", "fr-be") == "Résidences créatives"


def test_call_pages_show_french_under_fr_and_english_elsewhere(client, hub_a):
    call = make_call(hub_a, translations=FR)
    path = f"/programme/calls/{call.slug}/"
    fr = client.get(f"/fr{path}").content.decode()
    assert "Résidences créatives" in fr
    assert "Six mois d&#x27;accompagnement." in fr
    assert "Toute personne." in fr
    client.cookies.clear()  # a visit under /fr/ remembers French for unprefixed pages
    en = client.get(path).content.decode()
    assert "Creative residencies" in en
    assert "Résidences" not in en
    es = client.get(f"/es{path}").content.decode()
    assert "Creative residencies" in es  # no Spanish: the original
    listing = client.get("/fr/programme/").content.decode()
    assert "Résidences créatives" in listing
    assert "Un soutien pour les projets." in listing
    home = client.get("/fr/").content.decode()
    assert "Résidences créatives" in home


def test_hackathon_pages_follow_the_language(client, hub_a):
    h = make_hackathon(hub_a, slug="circ", translations={
        "it": {"title": "Futuri circolari", "theme": "Clima e design circolare",
               "summary": "Progettare senza rifiuti."}})
    it = client.get(f"/it/hackathons/{h.slug}/").content.decode()
    assert "Futuri circolari" in it
    assert "Clima e design circolare" in it
    assert "A weekend on circular design." in it  # description not translated: original
    assert "Futuri circolari" in client.get("/it/hackathons/").content.decode()
    client.cookies.clear()
    en = client.get(f"/hackathons/{h.slug}/").content.decode()
    assert "Circular Futures" in en
    assert "Futuri" not in en


def test_call_form_saves_and_validates_translations(client, hub_a, admin_user):
    call = make_call(hub_a)
    client.force_login(admin_user)
    url = reverse("programme_console:call_edit", kwargs={"hub_slug": hub_a.slug,
                                                          "call_pk": call.pk})
    page = client.get(url).content.decode()
    assert 'name="tr_fr_title"' in page
    assert 'name="tr_sr_latn_eligibility"' in page
    assert 'lang="fr"' in page
    data = {"title": call.title, "slug": call.slug, "summary": call.summary,
            "description": call.description, "eligibility": call.eligibility,
            "opens_at": call.opens_at.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": call.closes_at.strftime("%Y-%m-%dT%H:%M"), "max_places": 10,
            "action": "save", "tr_fr_title": "Résidences créatives",
            "tr_sr_latn_summary": "Podrška za projekte.", "tr_it_title": " "}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        call.refresh_from_db()
    assert call.translations == {"fr": {"title": "Résidences créatives"},
                                 "sr-latn": {"summary": "Podrška za projekte."}}
    # A translation is validated like its original: the title's length limit applies.
    response = client.post(url, {**data, "tr_fr_title": "x" * 201})
    assert response.status_code == 422
    assert response.context["form"].errors["tr_fr_title"]
    with scopes_disabled():
        call.refresh_from_db()
    assert call.translations["fr"]["title"] == "Résidences créatives"


def test_hackathon_form_saves_translations(client, hub_a, admin_user):
    h = make_hackathon(hub_a, slug="circ-form")
    client.force_login(admin_user)
    url = reverse("hackathons_console:edit", kwargs={"hub_slug": hub_a.slug, "slug": h.slug})
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields
            if form[name].value() is not None}
    for name in ("starts_at", "ends_at", "registration_opens", "registration_closes",
                 "submission_deadline", "judging_opens", "judging_closes"):
        data[name] = getattr(h, name).strftime("%Y-%m-%dT%H:%M")
    data.update({"tr_es_title": "Futuros circulares", "tr_es_theme": "Clima"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    with scopes_disabled():
        assert Hackathon.objects.get(pk=h.pk).translations == {
            "es": {"title": "Futuros circulares", "theme": "Clima"}}


def test_call_list_query_count_is_the_same_with_translations(client, hub_a):
    for i in range(3):
        make_call(hub_a, slug=f"plain-{i}")
    with CaptureQueriesContext(connection) as plain:
        client.get("/fr/programme/")
    with scopes_disabled():
        Call.objects.update(translations=FR)
    for i in range(3):
        make_call(hub_a, slug=f"translated-{i}", translations=FR)
    with CaptureQueriesContext(connection) as translated:
        body = client.get("/fr/programme/").content.decode()
    assert body.count("Résidences créatives") == 6
    assert len(translated) == len(plain)


def test_notification_is_written_in_the_recipients_language(hub_a, participant):
    call = make_call(hub_a, translations=FR)
    participant.preferred_language = "fr"
    participant.save()
    with translation.override("en"):
        n = notify(kind="programme.application.submitted", user=participant, hub=hub_a,
                   context={"call": Localised(call, "title"), "hub": hub_a.name})
    assert Notification.objects.get(pk=n.pk).context["call"] == "Résidences créatives"
    participant.preferred_language = "en"
    n = notify(kind="programme.application.submitted", user=participant, hub=hub_a,
               context={"call": Localised(call, "title"), "hub": hub_a.name})
    assert Notification.objects.get(pk=n.pk).context["call"] == "Creative residencies"


def test_demo_data_speaks_each_hubs_language():
    from hackathons.demo import HACKATHONS, TRANSLATIONS
    from hubs.demo import HUBS
    from programme.calls.demo import open_call_translations

    class Hub:  # only what the helper reads
        def __init__(self, spec):
            self.slug, self.name = spec["slug"], spec["name"]

    by_slug = {spec["slug"]: Hub(spec) for spec in HUBS}
    friche = open_call_translations(by_slug["la-friche"], "Friche Incubator")
    assert friche["fr"]["title"] == "Friche Incubator 2027 : appel à candidatures"
    assert set(friche["fr"]) == set(Call.TRANSLATABLE_FIELDS)
    assert "sr-latn" in open_call_translations(by_slug["nova-iskra"], "Green Design Studio")
    hosts = {spec["slug"]: spec["hub"] for spec in HACKATHONS}
    assert set(TRANSLATIONS) == set(hosts)
    languages = {spec["slug"]: spec["languages"] for spec in HUBS}
    for slug, translations in TRANSLATIONS.items():
        (code,) = translations
        assert code in languages[hosts[slug]], slug  # the host hub's own language
        assert set(translations[code]) == set(Hackathon.TRANSLATABLE_FIELDS)
