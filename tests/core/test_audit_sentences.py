"""The audit log reads as sentences: no dotted action code is ever shown to a person."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from creaconnect.core import audit
from creaconnect.core.models import AuditEntry
from hubs.models import Hub
from tests.helpers import crawl, visible_text

User = get_user_model()
RECORDED = re.compile(r'action="([a-z_]+\.[a-z_.]+)"')


def recorded_actions() -> set[str]:
    """Every literal action code a service records."""
    root = Path(settings.BASE_DIR)
    found = set()
    for app in ("creaconnect", "hubs", "programme", "hackathons", "showcase"):
        for path in (root / app).rglob("*.py"):
            if "migrations" not in path.parts:
                found |= set(RECORDED.findall(path.read_text()))
    return found


def test_every_recorded_action_has_its_own_sentence():
    actions = recorded_actions()
    assert len(actions) >= 90, len(actions)
    assert sorted(actions - set(audit.ACTION_SENTENCES)) == []


@pytest.mark.django_db
def test_sentence_names_actor_and_links_target_and_never_shows_the_code(participant):
    participant.display_name = "Léa <b>O'Neil</b>"
    entry = AuditEntry(actor=participant, action="call.published", target_label="Open & <call>")
    html = audit.describe(entry, target_url="/programme/calls/open/")
    assert html == ("Léa &lt;b&gt;O&#x27;Neil&lt;/b&gt; published the call "
                    '<a href="/programme/calls/open/">Open &amp; &lt;call&gt;</a>')
    for action in ("milestone.approved", "team.locked", "brand.new_thing", "nodots"):
        entry.action = action
        text = audit.describe(entry)
        assert action not in text, text
        assert "Open &amp; &lt;call&gt;" in text, text
    entry.actor = None
    assert audit.describe(entry).startswith("The platform ")


@pytest.mark.django_db
def test_no_dotted_audit_code_on_any_console_page(client, capsys):
    call_command("seed_demo", verbosity=0)
    cache.clear()
    hub = Hub.objects.get(slug="pali-pali")
    staff = User.objects.get(email="staff.pali-pali@creaconnect.test")
    # One entry of every kind the code records, plus one the registry does not know.
    for action in sorted(recorded_actions()) + ["future.unknown_action"]:
        audit.record(actor=staff, action=action, target=hub)
    codes = set(AuditEntry.objects.values_list("action", flat=True).distinct())
    code = re.compile("|".join(re.escape(c) for c in sorted(codes, key=len, reverse=True)))
    client.raise_request_exception = False
    client.force_login(staff)
    findings, pages = [], 0
    for lang in ("en", "fr"):
        staff.preferred_language = lang
        staff.save(update_fields=["preferred_language"])
        prefix = "/manage/pali-pali/" if lang == "en" else f"/{lang}/manage/pali-pali/"
        with translation.override(lang):
            for path, page, _status in crawl(client, prefix, prefix, 60, per_name_limit=1):
                if page is None:
                    continue
                pages += 1
                findings += [f"{path}: {m}" for m in code.findall(visible_text(page))]
    with capsys.disabled():
        print(f"\n[audit] {pages} console pages, {len(codes)} action codes, "
              f"codes shown: {len(findings)}")
    assert pages >= 40, pages
    assert findings == [], "\n".join(findings[:40])
