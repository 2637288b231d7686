"""Hypothesis fuzzing of every form: no input makes the product fail.

(a) Every ``forms.BaseForm`` subclass defined in our packages (found by walking the modules)
is bound to generated data — ``hypothesis.extra.django.from_form`` where it can build the
fields, hostile text dictionaries otherwise and in addition (NUL bytes, 100,000-character
strings, lone surrogates, RTL marks, numbers as text) — and ``is_valid()`` must not raise.

(b) The forms people reach through a view are found by crawling the demo site as hub staff,
a participant, a mentor, a judge and a programme admin; each POST form is sent generated
values for its own field names (hidden fields such as ``action`` kept), raw-encoded so that
invalid UTF-8 reaches the server, and must answer below 500.
"""

import importlib
import inspect
import pkgutil
import re
import warnings
from urllib.parse import quote

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.extra.django import from_form

from tests.conftest import close_response
from tests.helpers import ATTR, FORM, crawl, form_fields, url_name

User = get_user_model()
PACKAGES = ("creaconnect", "hubs", "programme", "hackathons", "showcase")
SKIP_MODULE = re.compile(r"\.(migrations|management)\b|devstack|celery|wsgi")
NASTY = st.sampled_from([
    "\x00", "a\x00b", "x" * 100_000, "\ud800", "abc\udfff", "\u202eevil\u202c", "\u200f\u200e",
    "-1", "0", "1e400", "NaN", "9" * 60, "", " ", "<script>", "2026-13-45", "1,5", "[]",
    "ﷺ" * 50, "\r\n" * 10, "%00", "../../etc/passwd",
])
VALUE = st.one_of(NASTY, st.text(max_size=50), st.integers().map(str))
SETTINGS = hsettings(max_examples=15, deadline=None, database=None,
                     suppress_health_check=list(HealthCheck))


def form_classes() -> list[type]:
    found = set()
    for package in PACKAGES:
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, package + "."):
            if SKIP_MODULE.search(info.name):
                continue
            module = importlib.import_module(info.name)
            for obj in vars(module).values():
                if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and \
                        obj.__module__ == module.__name__:
                    found.add(obj)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__name__}")


def init_kwargs(cls, objects) -> dict:
    """Keyword-only constructor arguments, filled by name from the demo objects."""
    kwargs = {}
    for p in inspect.signature(cls.__init__).parameters.values():
        if p.kind == p.KEYWORD_ONLY and p.name in objects:
            kwargs[p.name] = objects[p.name]
    return kwargs


def form_objects(hub) -> dict:
    """What the forms' constructors need: a hackathon with its rubric, a call's criteria."""
    from hackathons.models import Hackathon
    from hubs.models import Hub
    from programme.models import CohortMember
    from programme.models import Criterion as CallCriterion
    from tests.factories import CallFactory, make_hackathon

    hackathon = make_hackathon(hub, slug="fuzz")
    with scopes_disabled():
        call = CallFactory(hub=hub)
        criteria = [CallCriterion.objects.create(call=call, name=f"C{i}", scale_max=5)
                    for i in range(2)]
        return {
            "hackathon": Hackathon.objects.get(pk=hackathon.pk), "hub": hub,
            "criteria": criteria, "hackathon_criteria": list(hackathon.criteria.all()),
            "members": CohortMember.objects.all(), "hubs": Hub.objects.all(),
            "country_codes": ["FR", "RS"], "user": User.objects.create(email="f@example.org"),
            "call": call,
        }


def hostile_data(cls) -> st.SearchStrategy:
    names = list(cls.base_fields)
    return st.fixed_dictionaries({name: VALUE for name in names})


def strategy_for(cls, kwargs) -> st.SearchStrategy:
    try:
        generated = from_form(cls, form_kwargs=kwargs)
        with warnings.catch_warnings():  # .example() outside @given warns; fine for a probe
            warnings.simplefilter("ignore")
            generated.example()  # fails here if a field type is not supported
    except Exception:  # noqa: BLE001  unsupported field types: fall back to text dicts
        return st.builds(lambda data: cls(data=data, **kwargs), hostile_data(cls))
    return st.one_of(generated, st.builds(lambda data: cls(data=data, **kwargs),
                                          hostile_data(cls)))


@pytest.mark.django_db
def test_every_form_validates_any_input_without_raising(hub_a, capsys):
    objects = form_objects(hub_a)
    classes = form_classes()
    checked = 0
    with scopes_disabled():  # the forms' own querysets; views run them inside the hub
        for cls in classes:
            kwargs = init_kwargs(cls, objects)
            if cls.__name__ == "ScoreForm":
                kwargs["criteria"] = objects["hackathon_criteria"]

            @SETTINGS
            @given(form=strategy_for(cls, kwargs))
            def run(form):
                form.is_valid()

            run()
            checked += 1
    with capsys.disabled():
        print(f"\n[fuzz] {checked} form classes fuzzed with is_valid(), 0 raised")
    assert checked >= 40


# --- (b) Through the views ------------------------------------------------------------------

STARTS = [  # (role e-mail, start, prefix, page budget)
    ("staff.pali-pali@creaconnect.test", "/manage/pali-pali/", "/manage/pali-pali/", 60),
    ("participant@creaconnect.test", "/dashboard/", "/", 40),
    ("mentor@creaconnect.test", "/mentor/", "/mentor/", 15),
    ("judge@creaconnect.test", "/judge/", "/judge/", 15),
    ("admin@creaconnect.test", "/manage/b-creative/", "/manage/b-creative/", 30),
]
# Forms whose success ends the session or the account: they would stop the crawl.
SKIP_ACTIONS = ("logout", "/account/privacy/", "/accounts/", "i18n/setlang")


def post_forms(html: str, page: str) -> list[tuple[str, dict, list[str]]]:
    """(action, fixed hidden values, names to generate) of the page's POST forms."""
    found = []
    for attrs_raw, body in FORM.findall(html):
        attrs = dict(ATTR.findall(attrs_raw))
        if attrs.get("method", "get").lower() != "post":
            continue
        action = (attrs.get("action") or attrs.get("hx-post") or page).replace("&amp;", "&")
        if not action.startswith("/") or any(s in action for s in SKIP_ACTIONS):
            continue
        fixed, names = form_fields(body)
        found.append((action, fixed, names))
    return found


def encode(data: dict) -> str:
    """A urlencoded body that keeps lone surrogates as their (invalid) UTF-8 bytes."""
    def q(value):
        return quote(str(value).encode("utf-8", "surrogatepass"), safe="")
    return "&".join(f"{q(k)}={q(v)}" for k, v in data.items())


def collect(client, start, prefix, budget) -> dict:
    """The distinct POST forms on the pages crawled from ``start`` (one page per URL name)."""
    forms_by_key = {}
    for path, html, _status in crawl(client, start, prefix, budget, skip={"programme:apply"},
                                     per_name_limit=1):
        if html is None:
            continue
        for action, fixed, names in post_forms(html, path):
            key = (url_name(action.split("?")[0]), tuple(sorted(fixed.items())),
                   tuple(sorted(names)))
            forms_by_key.setdefault(key, (action, fixed, names))
    return forms_by_key


def make_run(client, action, fixed, names, email, failures, counter):
    @hsettings(max_examples=4, deadline=None, database=None,
               suppress_health_check=list(HealthCheck))
    @given(values=st.fixed_dictionaries({n: VALUE for n in names}))
    def run(values):
        response = client.post(action, encode({**values, **fixed}),
                               content_type="application/x-www-form-urlencoded")
        counter[0] += 1
        if response.streaming:
            close_response(response)
        if response.status_code >= 500:
            failures.append(f"{email} POST {action} {sorted(values)} -> "
                            f"{response.status_code}")
    return run


@pytest.mark.django_db
def test_no_generated_post_makes_a_view_fail(client, capsys):
    call_command("seed_demo", verbosity=0)
    client.raise_request_exception = False
    failures, counter, form_count = [], [0], 0
    for email, start, prefix, budget in STARTS:
        client.force_login(User.objects.get(email=email))
        found = collect(client, start, prefix, budget)
        for action, fixed, names in found.values():
            form_count += 1
            make_run(client, action, fixed, names, email, failures, counter)()
        client.logout()
    with capsys.disabled():
        print(f"\n[fuzz] {counter[0]} generated POSTs to {form_count} forms found on the site, "
              f"server errors: {len(failures)}")
    assert form_count >= 30
    assert failures == [], "\n".join(sorted(set(failures))[:40])
