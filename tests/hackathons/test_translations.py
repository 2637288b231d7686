"""A hackathon's challenges, prizes and rubric in five languages: shown in the visitor's
language (else the original), e-mailed and printed in the reader's language, validated like
the original in the console, and listed on the staff's checklist of missing languages."""

import re

from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from creaconnect.notifications.models import Notification
from creaconnect.reports import services as report_services
from creaconnect.reports.models import Report
from hackathons.models import (
    Challenge,
    Criterion,
    HackathonStatus,
    JudgeAssignment,
    Prize,
    Score,
)
from hackathons.services import event
from tests.factories import (
    PrizeFactory,
    make_hackathon,
    make_judge,
    make_submission,
    make_team,
)


def _translate(hackathon):
    """French and Serbian for the challenge and a criterion, French for a new prize."""
    with scope(hub=hackathon.hub):
        challenge = Challenge.objects.get(hackathon=hackathon)
        challenge.translations = {
            "fr": {"title": "Festival zéro déchet", "description": "Un festival sans déchets."},
            "sr-latn": {"title": "Festival bez otpada"}}
        challenge.description = "A festival without waste."
        challenge.save()
        innovation = Criterion.objects.get(hackathon=hackathon, name="Innovation")
        innovation.translations = {"fr": {"name": "Nouveauté"}}
        innovation.save()
        prize = PrizeFactory(hackathon=hackathon, name="Audience award",
                             description="Chosen by the public.",
                             translations={"fr": {"name": "Prix du public",
                                                  "description": "Choisi par le public."}})
    return challenge, innovation, prize


def console_url(hub, hackathon, name, **kwargs):
    return reverse(f"hackathons_console:{name}",
                   kwargs={"hub_slug": hub.slug, "slug": hackathon.slug, **kwargs})


def test_public_page_shows_the_visitors_language_and_falls_back(client, hub_a, hackathon):
    _translate(hackathon)
    fr = client.get(f"/fr/hackathons/{hackathon.slug}/").content.decode()
    for text in ("Festival zéro déchet", "Un festival sans déchets.", "Nouveauté",
                 "Prix du public", "Choisi par le public."):
        assert text in fr, text
    assert "Impact" in fr  # not translated: the original
    sr = client.get(f"/sr-latn/hackathons/{hackathon.slug}/").content.decode()
    assert "Festival bez otpada" in sr
    assert "A festival without waste." in sr  # the description has no Serbian version
    assert "Audience award" in sr
    client.cookies.clear()
    es = client.get(f"/es/hackathons/{hackathon.slug}/").content.decode()
    assert "Zero-waste festival" in es
    assert "Festival zéro déchet" not in es


def test_results_mail_and_pdf_use_the_readers_language(hub_a, staff_a):
    h = make_hackathon(hub_a, status=HackathonStatus.JUDGING, title="Heritage Remix")
    _challenge, _innovation, prize = _translate(h)
    teams = [make_team(h, size=2, offset=i * 2, name=f"Crew {i}") for i in range(2)]
    subs = [make_submission(team) for team in teams]
    judge = make_judge(h)
    with scope(hub=hub_a):
        for i, sub in enumerate(subs):
            JudgeAssignment.objects.create(hackathon=h, submission=sub, judge=judge,
                                           scored_at=timezone.now())
            for c in Criterion.objects.filter(hackathon=h):
                Score.objects.create(hackathon=h, submission=sub, judge=judge, criterion=c,
                                     value=7 - i)
        Prize.objects.filter(pk=prize.pk).update(winner=teams[0])
        members = [m.user for m in teams[0].memberships.select_related("user")]
    members[0].preferred_language = "fr"
    members[0].save()
    members[1].preferred_language = "it"
    members[1].save()
    with scope(hub=hub_a):
        event.publish_results(hackathon=h, actor=staff_a)
    with scopes_disabled():
        sent = {n.recipient_id: n for n in Notification.objects.filter(
            kind="hackathon.results_published", recipient__in=members)}
    assert sent[members[0].pk].context["prizes"] == ["Prix du public"]
    assert sent[members[1].pk].context["prizes"] == ["Audience award"]  # no Italian
    # The results PDF, asked for in French, heads its columns with the French criterion.
    with scope(hub=hub_a), translation.override("fr"):
        report = report_services.request_report(kind="hackathon_results", hub=hub_a,
                                                params={"hackathon": h.pk, "slug": h.slug},
                                                actor=staff_a)
    assert report_services.run_report(report.pk) == "done"
    with scopes_disabled():
        report = Report.objects.get(pk=report.pk)
    with report.file.open("rb") as fh:
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(fh).pages))
    report.file.delete(save=False)
    assert "Nouveauté" in text
    assert "Impact" in text
    assert "Prix du public" in text  # the prize won, in the winners' table


def test_setup_forms_take_translations_validated_like_the_original(client, hub_a, staff_a,
                                                                    hackathon):
    client.force_login(staff_a)
    page = client.get(console_url(hub_a, hackathon, "detail")).content.decode()
    for name in ("challenge-tr_fr_title", "prize-tr_sr_latn_name", "criterion-tr_it_name"):
        assert f'name="{name}"' in page, name
    url = console_url(hub_a, hackathon, "challenge_add")
    data = {"challenge-title": "Water", "challenge-description": "Save water.",
            "challenge-order": 2, "challenge-tr_fr_title": "x" * 161,
            "challenge-tr_es_title": "Agua"}
    response = client.post(url, data)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Ensure this value has at most 160 characters" in body
    assert 'value="Agua"' in body  # what was typed stays in the form
    with scopes_disabled():
        assert not Challenge.objects.filter(hackathon=hackathon, title="Water").exists()
    response = client.post(url, {**data, "challenge-tr_fr_title": "Eau"})
    assert response.status_code == 302
    with scopes_disabled():
        water = Challenge.objects.get(hackathon=hackathon, title="Water")
    assert water.translations == {"fr": {"title": "Eau"}, "es": {"title": "Agua"}}


def test_checklist_counts_missing_languages_and_translates_one_text(client, hub_a, staff_a,
                                                                     hackathon):
    challenge, innovation, prize = _translate(hackathon)
    client.force_login(staff_a)
    detail = client.get(console_url(hub_a, hackathon, "detail")).content.decode()
    url = console_url(hub_a, hackathon, "translations")
    assert f'href="{url}"' in detail
    response = client.get(url)
    assert response.status_code == 200
    checklist = response.context["checklist"]
    # The hackathon, one challenge, two criteria, one prize.
    assert checklist["total"] == 5
    # French: only the hackathon itself and Impact lack it. Serbian: the challenge's
    # description has none, so the challenge lacks Serbian like every other text.
    assert checklist["missing"] == {"fr": 2, "es": 5, "it": 5, "sr-latn": 5}
    assert not checklist["complete"]
    # Translate Impact into French through its own page.
    with scopes_disabled():
        impact = Criterion.objects.get(hackathon=hackathon, name="Impact")
    item = console_url(hub_a, hackathon, "translate", kind="criterion", pk=impact.pk)
    page = client.get(item)
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()  # the original is not edited here
    too_long = client.post(item, {"tr_fr_name": "y" * 121})
    assert too_long.status_code == 422
    assert too_long.context["form"].errors["tr_fr_name"]
    response = client.post(item, {"tr_fr_name": "Effet", "tr_es_name": "Impacto"})
    assert response.status_code == 302
    with scopes_disabled():
        impact.refresh_from_db()
        assert impact.name == "Impact"
        assert impact.translations == {"fr": {"name": "Effet"}, "es": {"name": "Impacto"}}
        from creaconnect.core.models import AuditEntry

        assert AuditEntry.objects.filter(action="translations.saved",
                                         target_id=str(impact.pk)).exists()
    assert client.get(url).context["checklist"]["missing"]["fr"] == 1


def test_checklist_pages_are_404_for_another_hub(client, hub_a, hub_b, staff_b, hackathon):
    challenge, _innovation, _prize = _translate(hackathon)
    other = make_hackathon(hub_b, slug="elsewhere")
    client.force_login(staff_b)
    assert client.get(console_url(hub_a, hackathon, "translations")).status_code == 404
    # Through staff B's own hub: A's hackathon and A's challenge are not found.
    assert client.get(console_url(hub_b, hackathon, "translations")).status_code == 404
    own = console_url(hub_b, other, "translate", kind="challenge", pk=challenge.pk)
    assert client.get(own).status_code == 404
    assert client.post(own, {"tr_fr_title": "Pirate"}).status_code == 404
    assert client.get(console_url(hub_b, other, "translate", kind="team",
                                  pk=other.pk)).status_code == 404
    assert client.get(console_url(hub_b, other, "translate", kind="hackathon",
                                  pk=hackathon.pk)).status_code == 404
    with scopes_disabled():
        challenge.refresh_from_db()
    assert "Pirate" not in str(challenge.translations)


def test_checklist_query_count_is_the_same_at_two_sizes(client, hub_a, staff_a, hackathon):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import ChallengeFactory

    client.force_login(staff_a)
    url = console_url(hub_a, hackathon, "translations")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.get(url)  # warm the session and the hub's cached data
    small = count()
    with scope(hub=hub_a):
        for i in range(8):
            ChallengeFactory(hackathon=hackathon, title=f"Extra {i}",
                             translations={"fr": {"title": f"Extra {i} (fr)"}})
            PrizeFactory(hackathon=hackathon, name=f"Prize extra {i}")
    assert count() == small


def test_challenge_choices_of_team_and_submission_forms_follow_the_language(hackathon):
    from hackathons.forms import SubmissionForm, TeamForm

    _translate(hackathon)
    with scopes_disabled():
        for form_class in (TeamForm, SubmissionForm):
            with translation.override("fr"):
                labels = [label for _value, label in
                          form_class(hackathon=hackathon).fields["challenge"].choices]
            assert "Festival zéro déchet" in labels, form_class
            with translation.override("it"):
                labels = [label for _value, label in
                          form_class(hackathon=hackathon).fields["challenge"].choices]
            assert "Zero-waste festival" in labels, form_class
