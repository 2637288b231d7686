"""Browser tests: the real app on a live server, driven by Playwright in Debian's Chromium.

Every page a journey visits is checked with axe-core (WCAG 2.1 A/AA rules), and so is the page
after every htmx swap: an init script loads axe into each document and audits it on
``htmx:afterSettle``, reporting to Python through a binding; ``Visitor.settle()`` waits for htmx
and those audits and fails on any violation. The last page of each journey is saved as a
screenshot at 1280 and 390 px in ``tests/artifacts/``.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SUMMARIES = []  # one "axe: N pages, M htmx swaps, 0 violations" line per journey

# Runs in every document before its own scripts (through DevTools, so the page's CSP does not
# apply). After each htmx swap has settled it audits the page with axe and reports the result
# to Python; audits are queued one after another because axe cannot run twice at once.
SWAP_WATCH = """
(() => {
  if (window.__cc) { return; }
  // swaps: swaps seen; audits: swap audits delivered to Python; inflight: swaps whose audit
  // is not delivered yet; busy: axe runs queued or running.
  const cc = window.__cc = {swaps: 0, audits: 0, inflight: 0, scheduled: false, busy: 0,
                            chain: Promise.resolve()};
  const brief = (violations) => violations.map((v) => v.id + " (" + v.impact + "): " + v.help
      + " — " + v.nodes.slice(0, 3).map((n) => n.target[0]).join("; "));
  cc.audit = () => {
    cc.busy += 1;
    const run = cc.chain.then(() => axe.run(document, {runOnly: {type: "tag", values: __TAGS__}}))
      .then((r) => brief(r.violations));
    cc.chain = run.catch(() => null).finally(() => { cc.busy -= 1; });
    return run;
  };
  document.addEventListener("htmx:afterSettle", (event) => {
    // One swap settles every element it inserted; audit once per swap.
    if (cc.scheduled) { return; }
    cc.scheduled = true;
    cc.swaps += 1;
    cc.inflight += 1;
    window.__ccSwapSeen();
    const target = event.target && event.target.id ? "#" + event.target.id : "";
    setTimeout(() => {
      cc.scheduled = false;
      cc.audit().then(
        (violations) => window.__ccSwapAudited({url: location.href, target, violations}),
        (error) => window.__ccSwapAudited({url: location.href, target,
                                           violations: ["axe failed: " + error]}))
        .finally(() => { cc.inflight -= 1; cc.audits += 1; });
    }, 0);
  });
})();
""".replace("__TAGS__", json.dumps(AXE_TAGS))
HTMX_IDLE = """() => !window.__cc || (!window.__cc.scheduled && window.__cc.busy === 0
    && window.__cc.inflight === 0
    && !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling"))"""

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
    """A person in a browser: visits pages, and every page and every htmx swap is checked with
    axe-core."""

    def __init__(self, browser, base_url, width=1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900},
                                           bypass_csp=False)
        self.swap_audits = []  # {"url", "target", "violations"} per htmx swap, in order
        self.context.expose_binding("__ccSwapAudited",
                                    lambda _source, audit: self.swap_audits.append(audit))
        self.swaps_seen = 0  # swaps that happened, audited or not (the page may move on first)
        self.context.expose_binding("__ccSwapSeen", lambda _source: self._saw_swap())
        self.context.add_init_script(AXE.read_text() + "\n" + SWAP_WATCH)
        self.page = self.context.new_page()
        self.base_url = base_url
        self.checked = []
        self.reported = 0  # swap audits already asserted clean
        self.console_errors = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(
            m.text))

    def _saw_swap(self):
        self.swaps_seen += 1

    @property
    def swaps_checked(self) -> int:
        return len(self.swap_audits)

    def go(self, path):
        self.settle()
        self.page.goto(self.base_url + path)
        self.check()
        return self.page

    def settle(self, *, swaps=0, timeout=15_000):
        """Wait until htmx is idle and every swap is audited; fail on a swap's violations.

        ``swaps``: first wait for that many swap audits more than the last ``settle()`` saw
        (for a swap behind a delayed htmx trigger, such as typing in a search field).
        """
        if self.page.is_closed():
            return
        waited = 0
        while len(self.swap_audits) < self.reported + swaps:
            assert waited < timeout, (f"expected {swaps} htmx swap(s) on {self.page.url}, "
                                      f"saw {len(self.swap_audits) - self.reported}")
            self.page.wait_for_timeout(50)  # lets Playwright deliver the binding's calls
            waited += 50
        self.page.wait_for_function(HTMX_IDLE, timeout=timeout)
        fresh, self.reported = self.swap_audits[self.reported:], len(self.swap_audits)
        bad = [f"axe after the htmx swap of {a['target'] or 'the page'} on {a['url']}:\n"
               + "\n".join(a["violations"]) for a in fresh if a["violations"]]
        assert not bad, "\n".join(bad)

    def check(self):
        """Run axe-core on the current page (after any pending htmx swap and its audit);
        fail with the violations listed."""
        self.page.wait_for_load_state("load")
        self.settle()
        if not self.page.evaluate("() => !!window.__cc"):  # a page opened before the script
            self.page.evaluate(AXE.read_text() + "\n" + SWAP_WATCH)
        violations = self.page.evaluate("() => window.__cc.audit()")
        self.checked.append(self.page.url)
        assert violations == [], f"axe on {self.page.url}:\n" + "\n".join(violations)

    def summary(self) -> str:
        missed = self.swaps_seen - self.swaps_checked
        return (f"axe: {len(self.checked)} pages, {self.swaps_checked} htmx swaps, "
                f"{sum(len(a['violations']) for a in self.swap_audits)} violations"
                + (f" ({missed} swap(s) left before their audit ended)" if missed > 0 else ""))

    def close(self):
        """Audit what is still pending, then close the browser context."""
        try:
            self.settle()
        finally:
            self.context.close()

    def screenshot(self, name):
        self.settle()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for width in (1280, 390):
            self.page.set_viewport_size({"width": width, "height": 900})
            # From the top: a sticky header would otherwise show where the page was scrolled.
            self.page.evaluate("window.scrollTo(0, 0)")
            self.page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        self.page.set_viewport_size({"width": 1280, "height": 900})

    def login(self, email, password):
        self.go("/accounts/login/")
        self.page.get_by_label("E-mail address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.locator("main").get_by_role("button", name="Sign In").click()
        self.page.wait_for_load_state("load")
        if "/2fa/authenticate/" in self.page.url:  # staff and admins: the TOTP code step
            self.check()
            self.page.locator("input[name=code]").fill(_fresh_totp_code(email))
            self.page.locator("main").get_by_role("button", name="Sign In").click()
            self.page.wait_for_load_state("load")


def _fresh_totp_code(email):
    """The user's current TOTP code, usable even if this test already signed in with it
    (allauth refuses a code twice within its 30-second period)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP
    from django.contrib.auth import get_user_model
    from django.core.cache import cache

    from tests.factories import totp_code

    user = get_user_model().objects.get(email__iexact=email)
    code = totp_code(user)
    totp = TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
    cache.delete(totp._get_used_cache_key(code))
    return code


def _finish(request, visitors):
    """Close each visitor after its last audits; record the journey's axe summary line."""
    try:
        for v in visitors:
            v.close()
    finally:
        line = "; ".join(v.summary() for v in visitors)
        SUMMARIES.append(f"{request.node.name}: {line}")
        print(f"\n{request.node.name}: {line}")
    for v in visitors:
        assert not [e for e in v.console_errors if "Content Security Policy" in e], \
            v.console_errors


@pytest.fixture
def visitor(playwright_browser, live_server, request):
    v = Visitor(playwright_browser, live_server.url)
    yield v
    _finish(request, [v])


@pytest.fixture
def new_visitor(playwright_browser, live_server, request):
    """Make more people, each in their own browser context (own cookies): ``new_visitor()``."""
    made = []

    def make(width=1280):
        made.append(Visitor(playwright_browser, live_server.url, width=width))
        return made[-1]

    yield make
    _finish(request, made)


def pytest_terminal_summary(terminalreporter):
    if SUMMARIES:
        terminalreporter.section("axe-core per journey")
        for line in SUMMARIES:
            terminalreporter.write_line(line)
