"""Guard: every e-mail the platform sends reads right in every language.

Every registered notification kind (the registry is walked, so a kind added later is covered
without editing this file), in each of the site's languages, for a person whose name has an
apostrophe and accents: a text and an HTML part, no HTML entities in the text, HTML escaped
exactly once, one greeting, every link to the site in the recipient's language, European
dates. The account e-mails of allauth (sign-up confirmation, password reset) likewise.
"""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from creaconnect.core.i18n_content import LocalisedDate
from creaconnect.notifications import kinds
from creaconnect.notifications.services import deliver, notify, render
from tests.factories import UserFactory

NAME = "Léa O'Brien-Đorđević"
TRICKY = "Léa O'Brien & Co's <Repair> \"Café\""
EXTERNAL = "https://meet.example.org/room?a=1&b=2"
MOMENT = datetime(2026, 4, 12, 15, 0, tzinfo=UTC)  # 12 April: "12/04" or "04/12" if US-style
DATE_NAMES = {"when", "closes", "deadline", "until", "date"}
# What the renderer itself provides to every kind.
PROVIDED = {"recipient_name", "url", "hub_name", "hub_colour", "site_url"}

LANGUAGES = [code for code, _name in settings.LANGUAGES]
ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|[a-zA-Z]+);")
DOUBLE_ESCAPED = re.compile(r"&amp;(#x?[0-9a-fA-F]+|amp|quot|lt|gt|apos);")
US_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b[ap]\.m\.", re.IGNORECASE)
SITE_LINK = re.compile(re.escape(settings.SITE_URL) + r"(/[^\s\"'<>]*)?")


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """Requests to /fr/… leave their language active in this thread: later tests must not
    inherit it."""
    yield
    translation.deactivate()


def test_the_site_speaks_five_languages():
    assert LANGUAGES == ["en", "fr", "es", "it", "sr-latn"]
    assert len(kinds.KINDS) >= 40  # every feature's kinds are registered


def template_source(key: str) -> str:
    return Path(get_template(kinds.template_name(key)).origin.name).read_text()


def sample_context(key: str, *, on: bool) -> dict:
    """A value for every variable the kind's template reads: tricky text for words, a link
    for links, a moment for dates; flags and lists ``on`` (first branches) or off."""
    source = template_source(key)
    bound = set(re.findall(r"\{%\s*for\s+(\w+)\s+in", source))
    bound |= set(re.findall(r"count\s+(\w+)=", source))
    printed = set(re.findall(r"\{\{\s*([a-z_]\w*)", source))
    printed |= set(re.findall(r"\{%\s*translate\s+([a-z_]\w*)\s*%\}", source))
    tested = set(re.findall(r"\{%\s*(?:el)?if\s+(?:not\s+)?([a-z_]\w*)", source))
    lists = set(re.findall(r"\{%\s*for\s+\w+\s+in\s+([a-z_]\w*)", source))
    counts = set(re.findall(r"count\s+\w+=(\w+)", source))
    context = {}
    for name in (printed | tested | lists | counts) - bound - PROVIDED:
        if name in counts:
            context[name] = 2 if on else 1
        elif name in lists:
            context[name] = [TRICKY, TRICKY] if on else []
        elif name in DATE_NAMES:
            context[name] = LocalisedDate(MOMENT)
        elif name.endswith("url"):
            context[name] = EXTERNAL if on else ""
        elif name.endswith("email"):
            context[name] = "lea@example.org"
        elif name in printed:
            context[name] = TRICKY if on or name not in tested else ""
        else:
            context[name] = on
    return context


def link_paths(text: str) -> list[str]:
    return [m.group(1) or "/" for m in SITE_LINK.finditer(text)]


def assert_links_in(language: str, text: str, where: str):
    paths = link_paths(text)
    assert paths, f"{where}: no link to the site"
    others = [code for code in LANGUAGES if code != language]
    for path in paths:
        if language == settings.LANGUAGE_CODE:
            assert not any(path.startswith(f"/{c}/") for c in others), (where, path)
        else:
            assert path.startswith(f"/{language}/"), (where, path)


def assert_reads_right(subject: str, text: str, html: str, *, language: str, where: str,
                       greeting: str):
    assert subject, where
    assert "\n" not in subject, where
    assert text.strip(), where
    assert html.lstrip().lower().startswith("<!doctype html>"), where
    assert not ENTITY.search(subject), (where, subject)
    assert not ENTITY.search(text), (where, ENTITY.findall(text))
    assert not DOUBLE_ESCAPED.search(html), (where, DOUBLE_ESCAPED.findall(html))
    assert "<Repair>" not in html
    assert "<Repair>" not in subject.replace(TRICKY, "")
    assert text.count(greeting) == 1, (where, greeting, text)
    assert html.count(escape(greeting)) == 1, (where, greeting)
    assert "Dear " not in text, where
    assert not US_DATE.search(text), (where, US_DATE.findall(text))
    assert not US_DATE.search(html), (where, US_DATE.findall(text))
    assert_links_in(language, text, f"{where} (text)")
    assert_links_in(language, " ".join(re.findall(r'href="([^"]+)"', html)),
                    f"{where} (html)")


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_reads_right_in_every_language(language):
    person = UserFactory(display_name=NAME, preferred_language=language)
    with translation.override("fr"):  # a link reversed in another language (the actor's)
        link = reverse("accounts:dashboard")
    with translation.override(language):
        greeting = gettext("Hello %(name)s,") % {"name": NAME}
    checked = 0
    for key in sorted(kinds.KINDS):
        for on in (True, False):
            context = sample_context(key, on=on)
            n = notify(kind=key, user=person, url=link, context=context)
            subject, text, html = render(n)
            where = f"{key} [{language}, {'on' if on else 'off'}]"
            assert_reads_right(subject, text, html, language=language, where=where,
                               greeting=greeting)
            if TRICKY in text:  # the words people wrote reach the text part untouched
                assert escape(TRICKY) in html, where
            if DATE_NAMES & set(context):
                assert "2026" in text, where  # the date was written out, European style
            checked += 1
    assert checked == 2 * len(kinds.KINDS)


@pytest.mark.django_db
def test_a_decision_message_that_greets_is_the_only_greeting():
    person = UserFactory(display_name=NAME, preferred_language="fr")
    message = f"Dear {NAME}, we offer Léa's Repair Café a place & a mentor."
    n = notify(kind="programme.application.accepted", user=person, url="/dashboard/",
               context={"call": "Makers' call", "hub": "Hub & Co", "message": message})
    _subject, text, html = render(n)
    with translation.override("fr"):
        hello = gettext("Hello %(name)s,") % {"name": NAME}
    assert text.count(NAME) == 1
    assert hello not in text
    assert message in text
    assert escape(message) in html
    assert html.count(escape(NAME)) == 1
    assert "&#x27;" not in text
    assert "&amp;#x27;" not in html


@pytest.mark.django_db
def test_a_sent_notification_has_a_text_and_an_html_part():
    person = UserFactory(display_name=NAME, preferred_language="it")
    n = notify(kind="hackathon.team_captain", user=person, url="/dashboard/",
               context={"hackathon": "Circular", "team": "Light & Co", "previous": "Ana"})
    deliver(n)
    message = mail.outbox[-1]
    assert isinstance(message, EmailMultiAlternatives)
    assert [mime for _content, mime in message.alternatives] == ["text/html"]
    assert "Light & Co" in message.body
    assert "/it/dashboard/" in message.body


# --- allauth's account e-mails --------------------------------------------------------------

def account_mail_checks(message, *, language: str, link_part: str, name: str = ""):
    assert isinstance(message, EmailMultiAlternatives), type(message)
    html = [content for content, mime in message.alternatives if mime == "text/html"]
    assert len(html) == 1, message.alternatives
    html = html[0]
    text = message.body
    where = f"{message.subject} [{language}]"
    assert message.subject.startswith(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX)
    assert "Hello from" not in text, where
    assert "testserver" not in message.subject, where
    with translation.override(language):
        greeting = (gettext("Hello %(name)s,") % {"name": name} if name
                    else gettext("Hello,"))
    assert text.count(greeting) == 1, (where, text)
    assert html.count(escape(greeting)) == 1, (where, text)
    assert not ENTITY.search(text), (where, ENTITY.findall(text))
    assert not DOUBLE_ESCAPED.search(html), where
    assert "CreaConnect" in text
    assert "CreaConnect" in html
    links = re.findall(r"https?://\S+", text)
    action = [u for u in links if link_part in u]
    assert action, (where, links)
    for url in links:
        path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
        assert path.startswith(f"/{language}/"), (where, url)
    assert f'href="{escape(action[0])}"' in html, where  # the button
    return text, html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "sr-latn"])
def test_signup_confirmation_email_is_branded_and_translated(client, language):
    response = client.post(f"/{language}/accounts/signup/", {
        "display_name": NAME, "email": "lea@example.org", "password1": "a-Long-pass-2026!",
        "password2": "a-Long-pass-2026!", "accept_terms": "on"})
    assert response.status_code == 302
    account_mail_checks(mail.outbox[-1], language=language, name=NAME,
                        link_part="/accounts/confirm-email/")
    with translation.override(language):
        assert mail.outbox[-1].subject.endswith(gettext("Confirm your e-mail address"))


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["it", "es"])
def test_password_reset_email_is_branded_and_translated(client, language):
    person = UserFactory(display_name=NAME, email="lea@example.org")
    response = client.post(f"/{language}/accounts/password/reset/", {"email": person.email})
    assert response.status_code == 302
    account_mail_checks(mail.outbox[-1], language=language, name=NAME,
                        link_part="/accounts/password/reset/key/")
    with translation.override(language):
        assert mail.outbox[-1].subject.endswith(gettext("Reset your password"))
