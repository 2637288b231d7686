"""Keyboard use: the skip link comes first and lands in main; every element Tab reaches shows
where the focus is; a form's errors are tied to their fields and announced."""

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from programme.models import QuestionKind
from showcase.models import (
    CONSENT_TEXT_VERSION,
    ConsentState,
    CreditedMember,
    ProjectState,
    ShowcaseProject,
)
from tests.factories import PASSWORD, CallFactory, QuestionFactory, UserFactory

MAX_TABS = 40

# What the focused element looks like: a description and whether a focus indicator shows (an
# outline or a box shadow that the element, or the label drawing it, has only while focused).
# Blurring and refocusing keeps the Tab position and, after a key press, :focus-visible.
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) { return null; }
  const look = (node) => {
    const s = getComputedStyle(node);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
      ? s.outlineStyle + s.outlineWidth + s.outlineColor : "";
    const shadow = s.boxShadow && s.boxShadow !== "none" ? s.boxShadow : "";
    return outline + "|" + shadow;
  };
  const nodes = [el].concat(el.labels ? Array.from(el.labels) : []);
  const focused = nodes.map(look);
  el.blur();
  const resting = nodes.map(look);
  el.focus();
  return {
    what: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : "")
      + " “" + (el.innerText || el.value || el.getAttribute("aria-label") || "").trim()
        .slice(0, 30) + "”",
    visible: focused.some((f, i) => f !== "|" && f !== resting[i]),
  };
}"""


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def pages(hub_a):
    """The three pages walked: home, the showcase (with cards) and an application step."""
    with scopes_disabled():
        for n in range(3):
            project = ShowcaseProject.objects.create(
                hub=hub_a, title=f"Project {n}", slug=f"project-{n}", tagline="A tagline",
                theme="climate", stage="idea", state=ProjectState.PUBLISHED,
                published_at=timezone.now())
            CreditedMember.objects.create(project=project, user=UserFactory(), order=0,
                                          display_name="Someone", consent=ConsentState.APPROVED,
                                          consent_version=CONSENT_TEXT_VERSION)
    with scope(hub=hub_a):
        call = CallFactory(hub=hub_a, slug="makers-call", title="Makers call 2027")
        QuestionFactory(call=call, step=1, kind=QuestionKind.SHORT_TEXT,
                        label="Name of your project", required=True)
        QuestionFactory(call=call, step=1, kind=QuestionKind.SINGLE_CHOICE,
                        label="Stage", choices=["Idea", "Prototype"], required=True)
        QuestionFactory(call=call, step=2, kind=QuestionKind.LONG_TEXT, label="More")
    return call


def start_application(visitor, call):
    person = UserFactory(email="kim@example.org", display_name="Kim Novak")
    visitor.login(person.email, PASSWORD)
    page = visitor.go(call.get_absolute_url())
    page.get_by_role("button", name="Apply now").click()
    visitor.check()
    return page


def walk(visitor, path):
    """Tab from the top of ``path``: skip link first, into main, then ~40 visible focuses."""
    page = visitor.go(path)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("() => document.activeElement.className") == "skip-link", path
    assert skip.inner_text() == "Skip to content"
    box = skip.bounding_box()
    assert box, f"skip link hidden on {path}: {box}"
    assert box["y"] >= 0, f"skip link hidden on {path}: {box}"
    assert box["height"] > 10, f"skip link hidden on {path}: {box}"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main", path
    hidden, reached = [], []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break
        reached.append(focused["what"])
        if not focused["visible"]:
            hidden.append(focused["what"])
    assert len(reached) >= 3, (path, reached)
    # The first Tab after the skip link stays in main (focus order follows the page).
    assert hidden == [], f"no visible focus on {path}: {hidden}"
    return reached


@pytest.mark.django_db(transaction=True)
def test_tab_reaches_the_skip_link_first_and_every_focus_is_visible(visitor, pages):
    walk(visitor, "/")
    reached = walk(visitor, "/showcase/")
    assert any("Project 0" in r for r in reached)  # the cards are reachable
    page = start_application(visitor, pages)
    reached = walk(visitor, page.url.replace(visitor.base_url, ""))
    assert any(r.startswith("input#") for r in reached)  # the answers are reachable


@pytest.mark.django_db(transaction=True)
def test_form_errors_are_tied_to_their_fields_and_announced(visitor, pages):
    """The profile form (full page) and the interest form (htmx swap) with a wrong value."""
    person = UserFactory(email="kim@example.org", display_name="Kim Novak")
    visitor.login(person.email, PASSWORD)
    page = visitor.go("/account/profile/")
    page.get_by_label("Skills").fill("x" * 45)
    page.get_by_role("button", name="Save my profile").click()
    visitor.check()
    summary = page.locator(".error-summary")
    assert summary.count() == 1
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    field = page.get_by_label("Skills")
    assert field.get_attribute("aria-invalid") == "true"
    described = field.get_attribute("aria-describedby").split()
    errors = [page.locator(f"[id='{i}']").inner_text() for i in described]
    assert any("at most 40 characters" in e for e in errors), errors
    assert "Skills" in summary.inner_text()
    # The summary's link takes the keyboard user to the field.
    summary.get_by_role("link", name="Skills").click()
    assert page.evaluate("() => document.activeElement.id") == field.get_attribute("id")

    # The same through an htmx swap: the showcase's interest form.
    page = visitor.go("/showcase/project-0/")
    page.get_by_label("Your name").fill("Vera")
    page.get_by_role("button", name="Send to the team").click()
    visitor.settle(swaps=1)
    summary = page.locator("#interest .error-summary")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    email = page.get_by_label("Your e-mail address")
    assert email.get_attribute("aria-invalid") == "true"
    ids = email.get_attribute("aria-describedby").split()
    assert any(page.locator(f"[id='{i}']").inner_text() == "This field is required."
               for i in ids)
