"""Browser tests: the real app on a live server, driven by Playwright in Debian's Chromium.

Every page a journey visits is checked with axe-core (WCAG 2.1 A/AA rules); the last page of
each journey is saved as a screenshot at 1280 and 390 px in ``tests/artifacts/``.
"""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: install Debian's chromium package (see .ci/run)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


class Visitor:
    """A person in a browser: visits pages, and every page is checked with axe-core."""

    def __init__(self, browser, base_url, width=1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900},
                                           bypass_csp=False)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.checked = []
        self.console_errors = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(
            m.text))

    def go(self, path):
        self.page.goto(self.base_url + path)
        self.check()
        return self.page

    def check(self):
        """Run axe-core on the current page; fail with the violations listed."""
        self.page.wait_for_load_state("load")
        # Evaluated through the DevTools protocol: not subject to the page's CSP.
        self.page.evaluate(AXE.read_text())
        result = self.page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            AXE_TAGS)
        violations = [f"{v['id']} ({v['impact']}): {v['help']} — "
                      + "; ".join(n["target"][0] for n in v["nodes"][:3])
                      for v in result["violations"]]
        self.checked.append(self.page.url)
        assert violations == [], f"axe on {self.page.url}:\n" + "\n".join(violations)

    def screenshot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for width in (1280, 390):
            self.page.set_viewport_size({"width": width, "height": 900})
            self.page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        self.page.set_viewport_size({"width": 1280, "height": 900})

    def login(self, email, password):
        self.go("/accounts/login/")
        self.page.get_by_label("Email").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.locator("main").get_by_role("button", name="Sign In").click()
        self.page.wait_for_load_state("load")


@pytest.fixture
def visitor(playwright_browser, live_server):
    v = Visitor(playwright_browser, live_server.url)
    yield v
    v.context.close()
    assert not [e for e in v.console_errors if "Content Security Policy" in e], \
        v.console_errors
