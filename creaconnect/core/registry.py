"""Extension points through which feature apps plug into domain-free infrastructure.

The core and the infrastructure packages import no feature app; a feature registers
its contributions here from its ``AppConfig.ready``.
"""

from collections.abc import Callable

# Callables ``(request) -> list[dict]`` returning "open now" items for the home page:
# each dict has ``title``, ``url``, ``kind`` (label), ``hub`` (name), ``until`` (datetime).
open_now_providers: list[Callable] = []

# Callables ``(hub) -> list[tuple[label, value]]`` adding figures to a hub's console home.
hub_figure_providers: list[Callable] = []

# Callables ``(user) -> list[tuple[label, url]]`` adding role-aware links to the user menu.
user_menu_providers: list[Callable] = []


def register(providers: list[Callable], *, first: bool = False):
    """Decorator: ``@register(open_now_providers)``. ``first=True`` puts the provider ahead
    of those already registered (where the first answer wins, e.g. the landing page)."""

    def decorator(func):
        if func in providers:
            return func
        if first:
            providers.insert(0, func)
        else:
            providers.append(func)
        return func

    return decorator

# Callables ``(request) -> list[dict]`` adding sections to the participant dashboard:
# each dict has ``title``, ``template`` and ``context``.
dashboard_section_providers: list[Callable] = []

# Header navigation sections: ``(order, label, url_name)``; a feature adds its own.
nav_items: list[tuple[int, object, str]] = []

# Hub console tabs: ``(order, label, url_name)``; reversed with the hub's slug.
console_nav_items: list[tuple[int, object, str]] = []

# Sections of the mentor space ``/mentor/``: callables ``(request) -> list[dict]`` like the
# dashboard sections (``title``, ``template``, ``context``). The programme app owns the page;
# hackathons adds the mentor's teams through this list.
mentor_section_providers: list[Callable] = []

# Personal data (GDPR): one provider per app, registered from its ``AppConfig.ready``.
# A provider is an object with ``key`` (str, the section name in the export), ``order``
# (int: anonymisation runs in ascending order; accounts runs last because it replaces the
# name and e-mail the others match on) and three methods:
#   ``export(user) -> dict``            JSON-serialisable data about the person,
#   ``files(user) -> list[FieldFile]``  files they uploaded or that are about them,
#   ``anonymise(user, identity)``       remove or scrub what is theirs; ``identity`` is a
#                                       :class:`creaconnect.core.privacy.Identity` taken
#                                       before any provider ran.
privacy_providers: list = []

# Where a person lands after signing in (no ``next`` given): callables ``(user) -> str | None``
# returning a URL; the first that answers wins (consortium, registered first: programme admins
# land on the programme console; hubs: a hub's staff land on their console).
landing_page_providers: list[Callable] = []

# Facts for the accessibility statement (``/accessibility/``): callables ``() -> dict`` whose
# items join the page's context (reports: whether the PDFs we render are tagged PDF/UA).
accessibility_fact_providers: list[Callable] = []

# Other places that prepare documents, listed on the reports page: callables
# ``(request, scope) -> list[tuple[label, url]]`` with scope "hub" or "programme"
# (consortium: the funder's indicators, prepared on their own page with a period).
report_page_link_providers: list[Callable] = []

# Office hours (programme) and the mentoring other features do: who may offer office hours at a
# hub and who may book whom. Objects with three methods, each crossing hubs for one person:
#   ``mentor_hub_ids(user) -> set[int]``               hubs where ``user`` mentors someone,
#   ``mentor_pairs(user) -> set[tuple[int, int]]``     ``(hub_id, mentor_id)`` of the mentors
#                                                      assigned to ``user`` (their team's),
#   ``participant_hub_ids(user) -> set[int]``          hubs whose activity ``user`` takes part
#                                                      in (booking where the hub allows it).
# hackathons registers one (team mentors and hackathon participants).
office_hours_booker_providers: list = []
