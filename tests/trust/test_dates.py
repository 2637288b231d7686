"""No US-style or ambiguous date anywhere a person reads one, in any language.

The demo data is seeded and the site crawled (the XSS sweep's crawler) as a visitor, a
participant, hub staff, a programme admin, a mentor and a judge, in all five languages. The
visible text of every page must hold no numeric ``12/04/2026`` date (4 December to an
American, 12 April to a European) and no ``a.m.``/``p.m.``: every language has one European
style with the month as a word and 24-hour time (``creaconnect/formats/``).
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from tests.helpers import ROLE_EMAIL, crawl, visible_text

User = get_user_model()
LANGS = [code for code, _name in settings.LANGUAGES]
US_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b")
AM_PM = re.compile(r"\b[ap]\.\s?m\.", re.IGNORECASE)
STARTS = [  # (role, start page without language prefix, prefix the crawl stays under, budget)
    ("visitor", "/", "/", 30),
    ("participant", "/dashboard/", "/", 25),
    ("staff", "/manage/pali-pali/", "/manage/pali-pali/", 40),
    ("admin", "/manage/nova-iskra/", "/manage/", 20),
    ("mentor", "/mentor/", "/mentor/", 8),
    ("judge", "/judge/", "/judge/", 8),
]


def bad_dates(text: str) -> list[str]:
    return US_DATE.findall(text) + AM_PM.findall(text)


def in_language(path: str, lang: str) -> str:
    return path if lang == settings.LANGUAGE_CODE else f"/{lang}{path}"


@pytest.mark.django_db
def test_no_us_style_date_or_am_pm_on_any_page_in_any_language(client, capsys):
    """Also: no select offers Django's "---------" instead of a translated empty choice."""
    call_command("seed_demo", verbosity=0)
    cache.clear()
    client.raise_request_exception = False
    findings, pages, dated = [], 0, 0
    for lang in LANGS:
        for role, start, prefix, budget in STARTS:
            client.logout()
            if role in ROLE_EMAIL:
                user = User.objects.get(email=ROLE_EMAIL[role])
                user.preferred_language = lang
                user.save(update_fields=["preferred_language"])
                client.force_login(user)
            with translation.override(lang):  # the crawler resolves prefixed paths
                for path, page, _status in crawl(client, in_language(start, lang),
                                                 in_language(prefix, lang), budget,
                                                 per_name_limit=1):
                    if page is None:
                        continue
                    pages += 1
                    text = visible_text(page)
                    dated += bool(re.search(r"\b20\d\d\b", text))
                    findings += [f"{lang} {role} {path}: {b!r}" for b in bad_dates(text)]
                    if "---------" in page:  # Django's untranslated empty choice
                        findings.append(f"{lang} {role} {path}: '---------'")
    with capsys.disabled():
        print(f"\n[dates] {pages} pages in {len(LANGS)} languages as {len(STARTS)} roles "
              f"({dated} with a year shown), US-style dates or a.m./p.m.: {len(findings)}")
    assert pages >= 5 * 50, pages  # 315–492 seen: the reach varies with row order
    assert dated >= pages // 3, dated  # the check means something only if dates were shown
    assert findings == [], "\n".join(findings[:40])


def test_the_check_sees_what_people_read():
    assert bad_dates(visible_text("<p>Opens 12/04/2026 3 p.m.</p>")) == ["12/04/2026", "p.m."]
    assert bad_dates(visible_text('<span title="Dec 4, 2026, 3 P.M.">x</span>')) == ["P.M."]
    assert bad_dates(visible_text('<input value="04/12/2026"><script>"1/2/2026"</script>')) == []
    assert bad_dates(visible_text("<p>4 December 2026, 15:00 · 4. 12. 2026.</p>")) == []
