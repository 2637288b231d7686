"""The funder's programme indicators: the tables of the report, the CSV, the XLSX and the API.

Every figure is computed in the database: the people figures in one SQL statement built from
the apps' participation querysets (``programme.indicators``, ``hackathons.indicators``), the
activity and output figures by the apps' aggregate query functions. Python only arranges the
results in tables and applies the small-cell rule.

Privacy: aggregates only. A count of people under ``MIN_CELL`` is shown as ``SUPPRESSED``
("< 5") everywhere (primary suppression). So that such a cell cannot be recovered by
subtracting the other cells from a total, a row or a column group that would hold exactly one
hidden cell has its next smallest non-zero cell hidden too (secondary suppression), until no
group holds exactly one. The "all people" row, repeated as the total of every breakdown,
is hidden the same way in every table.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_scopes import scopes_disabled

from creaconnect.accounts.choices import Discipline, Gender
from creaconnect.accounts.models import ConsentRecord, Profile
from events import queries as event_queries  # events: figures for "Activities"
from hackathons import indicators as hackathon_indicators
from hubs.queries import public_hubs
from programme import indicators as programme_indicators
from programme import queries as programme_queries
from showcase import indicators as showcase_indicators
from surveys import queries as survey_queries

from .figures import programme_rows

MIN_CELL = 5
SUPPRESSED = "< 5"

EU_COUNTRIES = ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU",
                "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES",
                "SE")

ROLES = (
    ("applicant", _("Applicants")),
    ("participant", _("Cohort participants")),
    ("hacker", _("Hackathon participants")),
    ("mentor", _("Mentors")),
    ("expert", _("Experts (judges)")),
)
AGE_BANDS = (
    ("u18", _("Under 18")), ("18_24", _("18–24")), ("25_34", _("25–34")),
    ("35_44", _("35–44")), ("45_54", _("45–54")), ("55", _("55 and over")),
)
NOT_STATED = _("Not stated")
ALL_PEOPLE = _("All people")


@dataclass
class Row:
    key: str
    label: object
    values: list  # one per hub, then the programme total (ints, floats, None or SUPPRESSED)
    people: bool = True  # a count of people: the small-cell rule applies
    kind: str = "count"  # "count", "hours" or "rate"
    shown: bool = True  # False: only takes part in the suppression (the shared total row)


@dataclass
class Table:
    key: str
    title: object
    rows: list[Row]
    note: object = ""
    # The rows are the categories of one breakdown: with the "all people" row they form a
    # column group for secondary suppression.
    breakdown: bool = False
    chart: str = field(default="", repr=False)

    @property
    def shown_rows(self):
        return [row for row in self.rows if row.shown]

    @property
    def has_data(self) -> bool:
        return any(v not in (None, 0, 0.0) for row in self.shown_rows for v in row.values)


@dataclass
class Indicators:
    start: object
    end: object
    hubs: list
    sections: list[tuple[object, list[Table]]]
    events: list[dict]
    generated: object

    @property
    def columns(self) -> list[str]:
        return [hub.name for hub in self.hubs] + [str(_("Programme"))]

    @property
    def tables(self) -> list[Table]:
        return [table for _title, tables in self.sections for table in tables]


# --- Small-cell suppression ---------------------------------------------------------------

def _small(value) -> bool:
    return isinstance(value, int) and 0 < value < MIN_CELL


def suppression_mask(matrix: list[list], *, column_groups: bool, forced=None) -> list[list]:
    """Which cells of ``matrix`` (rows of ints; None = not applicable) to hide.

    Primary: every count from 1 to MIN_CELL - 1. Secondary: while a row (or, with
    ``column_groups``, a column) holds exactly one hidden cell, hide its smallest visible
    non-zero cell too. ``forced`` marks cells hidden in advance (a row shared with another
    table)."""
    hidden = [[_small(v) or bool(forced and forced[i][j]) for j, v in enumerate(row)]
              for i, row in enumerate(matrix)]
    lines = [[(i, j) for j in range(len(row))] for i, row in enumerate(matrix)]
    if column_groups and matrix:
        lines += [[(i, j) for i in range(len(matrix))] for j in range(len(matrix[0]))]
    changed = True
    while changed:
        changed = False
        for line in lines:
            cells = [(i, j) for i, j in line if isinstance(matrix[i][j], int)]
            if sum(hidden[i][j] for i, j in cells) != 1:
                continue
            candidates = [(matrix[i][j], i, j) for i, j in cells
                          if not hidden[i][j] and matrix[i][j] > 0]
            if candidates:
                _v, i, j = min(candidates)
                hidden[i][j] = changed = True
    return hidden


def suppress_tables(tables: list[Table]) -> None:
    """Apply the small-cell rule to the people rows of every table, in place. The shared
    "all people" row (key ``all``) ends hidden the same way in every table that has it."""
    shared: list | None = None
    for _round in range(10):
        masks = []
        for table in tables:
            people = [row for row in table.rows if row.people]
            forced = [shared if (row.key == "all" and shared) else None for row in people]
            forced = [f or [False] * len(row.values)
                      for f, row in zip(forced, people, strict=True)]
            mask = suppression_mask([row.values for row in people],
                                    column_groups=table.breakdown, forced=forced)
            masks.append((people, mask))
        union = None
        for people, mask in masks:
            for row, hidden in zip(people, mask, strict=True):
                if row.key == "all":
                    union = hidden if union is None else [
                        a or b for a, b in zip(union, hidden, strict=True)]
        if union == shared or union is None:
            break
        shared = union
    for people, mask in masks:
        for row, hidden in zip(people, mask, strict=True):
            row.values = [SUPPRESSED if h else v for v, h in zip(row.values, hidden, strict=True)]


# --- The people figures: one statement -----------------------------------------------------

def _participations_sql():
    """The apps' participation querysets as one ``UNION ALL`` (SQL and parameters)."""
    parts, params = [], []
    with scopes_disabled():
        querysets = programme_indicators.participations() + hackathon_indicators.participations()
        for n, qs in enumerate(querysets):
            sql, qs_params = qs.query.sql_with_params()
            columns = ("p_hub AS hub_id, p_user AS user_id, p_role AS role, "
                       "p_country AS country, p_at AS at")
            parts.append(f"SELECT {columns} FROM ({sql}) AS p{n}")  # noqa: S608  our own querysets' SQL, values as parameters
            params.extend(qs_params)
    return " UNION ALL ".join(parts), params


# The counts of the people statement: (dimension, category column or None, source, condition).
BREAKDOWNS = (
    ("all", None, "x", ""),
    ("role", "role", "x", ""),
    ("country", "residence", "x", ""),
    ("gender", "gender", "x", ""),
    ("age", "age", "x", ""),
    ("fewer", "fewer", "x", ""),
    ("eu", "eu", "x", ""),
    ("newcomer", "newcomer", "x", ""),
    ("discipline", "d", "x, unnest(x.disciplines) AS d", ""),
    ("mobile", None, "x", "residence <> '' AND residence <> host"),
    ("mobile_role", "role", "x", "residence <> '' AND residence <> host"),
)


def _breakdown_sql(dim: str, column: str | None, source: str, condition: str) -> str:
    """Distinct people per hub and category, and per category over the programme (each
    person once); without a category column, per hub and over the programme."""
    where = f" WHERE {condition}" if condition else ""
    category = column or "''"
    groups = f"(hub_id, {column}), ({column})" if column else "(hub_id), ()"
    return (f"SELECT '{dim}', hub_id, {category}, COUNT(DISTINCT user_id) "  # noqa: S608  this module's constants only, no input
            f"FROM {source}{where} GROUP BY GROUPING SETS ({groups})")


def people_counts(*, start=None, end=None) -> dict:
    """``{(dimension, hub_id or None, category): people}``: distinct people taking part in
    the period, by hub (None: the programme, each person once) and by category. Demographic
    categories only for people with an active demographics consent ('' = not stated)."""
    part_sql, params = _participations_sql()
    period, period_params = [], []
    if start is not None:
        period.append("at >= %s")
        period_params.append(start)
    if end is not None:
        period.append("at <= %s")
        period_params.append(end)
    where = ("WHERE " + " AND ".join(period)) if period else ""
    ref_year = (end or timezone.localdate()).year
    consent_table = ConsentRecord._meta.db_table
    profile_table = Profile._meta.db_table
    eu = ", ".join(["%s"] * len(EU_COUNTRIES))
    start_sql = "%s::date" if start is not None else "NULL::date"
    breakdowns = "\n    UNION ALL ".join(_breakdown_sql(*b) for b in BREAKDOWNS)
    # Only Django's own compiled SQL and table names are interpolated; values are parameters.
    sql = f"""
    WITH part AS MATERIALIZED ({part_sql}),
    inp AS MATERIALIZED (SELECT DISTINCT hub_id, user_id, role, country FROM part {where}),
    earliest AS (SELECT user_id, MIN(at) AS first_at FROM part GROUP BY user_id),
    consented AS (SELECT DISTINCT user_id FROM {consent_table}
                  WHERE kind = 'demographics' AND withdrawn_at IS NULL),
    person AS MATERIALIZED (
        SELECT ids.user_id,
               CASE WHEN c.user_id IS NULL THEN '' ELSE COALESCE(pr.country, '') END AS residence,
               CASE WHEN c.user_id IS NULL THEN '' ELSE COALESCE(pr.gender, '') END AS gender,
               CASE WHEN c.user_id IS NULL OR pr.birth_year IS NULL THEN ''
                    WHEN %s - pr.birth_year < 18 THEN 'u18'
                    WHEN %s - pr.birth_year < 25 THEN '18_24'
                    WHEN %s - pr.birth_year < 35 THEN '25_34'
                    WHEN %s - pr.birth_year < 45 THEN '35_44'
                    WHEN %s - pr.birth_year < 55 THEN '45_54'
                    ELSE '55' END AS age,
               CASE WHEN c.user_id IS NULL OR pr.fewer_opportunities IS NULL THEN ''
                    WHEN pr.fewer_opportunities THEN 'yes' ELSE 'no' END AS fewer,
               CASE WHEN c.user_id IS NULL OR COALESCE(cardinality(pr.disciplines), 0) = 0
                    THEN ARRAY['']::varchar[] ELSE pr.disciplines::varchar[] END AS disciplines,
               CASE WHEN {start_sql} IS NOT NULL AND e.first_at < {start_sql}
                    THEN 'returning' ELSE 'new' END AS newcomer
        FROM (SELECT DISTINCT user_id FROM inp) ids
        LEFT JOIN {profile_table} pr ON pr.user_id = ids.user_id
        LEFT JOIN consented c ON c.user_id = ids.user_id
        LEFT JOIN earliest e ON e.user_id = ids.user_id),
    x AS MATERIALIZED (
        SELECT i.hub_id, i.user_id, i.role, i.country AS host, ps.residence, ps.gender, ps.age,
               ps.fewer, ps.disciplines, ps.newcomer,
               CASE WHEN ps.residence = '' THEN ''
                    WHEN ps.residence IN ({eu}) THEN 'eu' ELSE 'non_eu' END AS eu
        FROM inp i JOIN person ps ON ps.user_id = i.user_id)
    {breakdowns}
    """  # noqa: S608  table names from the models, values as parameters
    all_params = (params + period_params + [ref_year] * 5
                  + ([start, start] if start is not None else []) + list(EU_COUNTRIES))
    with connection.cursor() as cursor:
        cursor.execute(sql, all_params)
        return {(dim, hub_id, cat or ""): n for dim, hub_id, cat, n in cursor.fetchall()}


# --- The tables ----------------------------------------------------------------------------

def _people_row(counts, hubs, dim, cat, label, **kwargs) -> Row:
    return Row(key=f"{dim}:{cat}" if dim != "all" else "all", label=label,
               values=[counts.get((dim, hub.pk, cat), 0) for hub in hubs]
               + [counts.get((dim, None, cat), 0)], **kwargs)


def _all_row(counts, hubs, *, shown=False) -> Row:
    return _people_row(counts, hubs, "all", "", ALL_PEOPLE, shown=shown)


def _breakdown(counts, hubs, key, title, dim, categories, *, note="") -> Table:
    """One row per category that has people (every listed one, and others found), then
    "not stated"."""
    found = {cat for (d, _hub, cat) in counts if d == dim and cat}
    known = [(cat, label) for cat, label in categories if cat]
    listed = {cat for cat, _label in known}
    extra = sorted(found - listed)
    rows = [_people_row(counts, hubs, dim, cat, label) for cat, label in known
            if cat in found or len(known) <= 8]
    rows += [_people_row(counts, hubs, dim, cat, countries.name(cat) or cat) for cat in extra]
    rows.append(_people_row(counts, hubs, dim, "", NOT_STATED))
    return Table(key=key, title=title, rows=[_all_row(counts, hubs)] + rows, breakdown=True,
                 note=note)


def _figure_row(per_hub, hubs, key, label, *, people=False, kind="count", total=None) -> Row:
    values = [per_hub.get(hub.pk, {}).get(key) or 0 for hub in hubs]
    values.append(sum(values) if total is None else total)
    return Row(key=key, label=label, values=values, people=people, kind=kind)


def _rate_row(per_hub, hubs, key, label, part, whole) -> Row:
    """A percentage; shown as "< 5" when fewer than MIN_CELL people are behind it."""
    values = []
    parts = [per_hub.get(hub.pk, {}).get(part) or 0 for hub in hubs]
    wholes = [per_hub.get(hub.pk, {}).get(whole) or 0 for hub in hubs]
    for p, w in [*zip(parts, wholes, strict=True), (sum(parts), sum(wholes))]:
        values.append(None if not w else SUPPRESSED if w < MIN_CELL else round(100 * p / w))
    return Row(key=key, label=label, values=values, people=False, kind="rate")


def _mean_row(per_hub, hubs, key, label, kind) -> Row:
    """The mean overall rating (1 to 5) of one kind of activity; "< 5" when fewer than
    MIN_CELL responses are behind it."""
    ns = [per_hub.get(hub.pk, {}).get(f"satisfaction_{kind}_n") or 0 for hub in hubs]
    sums = [per_hub.get(hub.pk, {}).get(f"satisfaction_{kind}_sum") or 0 for hub in hubs]
    values = [None if not n else SUPPRESSED if n < MIN_CELL else round(total / n, 1)
              for n, total in [*zip(ns, sums, strict=True), (sum(ns), sum(sums))]]
    return Row(key=key, label=label, values=values, people=False, kind="mean")


def _satisfaction(per_hub, hubs) -> Table:
    labels = {"session": _("Mean overall rating of training sessions (1 to 5)"),
              "cohort": _("Mean overall rating of cohorts (1 to 5)"),
              "hackathon": _("Mean overall rating of hackathons (1 to 5)")}
    return Table(key="satisfaction", title=_("Satisfaction surveys"), rows=[
        _figure_row(per_hub, hubs, "surveys_sent", _("Surveys sent")),
        _figure_row(per_hub, hubs, "surveys_invited", _("People asked (once per survey)"),
                    people=True),
        _figure_row(per_hub, hubs, "surveys_responded", _("Responses"), people=True),
        _rate_row(per_hub, hubs, "response_rate", _("Response rate (%)"),
                  "surveys_responded", "surveys_invited"),
    ] + [_mean_row(per_hub, hubs, f"satisfaction:{kind}", labels[kind], kind)
         for kind, _label in survey_queries.ACTIVITY_KINDS]
      + [_mean_row(per_hub, hubs, "satisfaction:office_hours",
                   _("Mean rating of mentors' office hours (1 to 5)"), "office_hours")],
        note=_("Each survey follows one activity: a training session, a cohort at its end or "
               "a hackathon once its results are out. Ratings from 1 (very poor) to 5 "
               "(very good)."))


def _hide_rates_of_hidden_responses(table: Table) -> None:
    """A response rate beside a shown number of people asked gives the number of responses
    back: where the responses are hidden, so is the rate."""
    rows = {row.key: row for row in table.rows}
    responses, rates = rows["surveys_responded"], rows["response_rate"]
    rates.values = [SUPPRESSED if r == SUPPRESSED and v is not None else v
                    for r, v in zip(responses.values, rates.values, strict=True)]


def build_indicators(*, start=None, end=None) -> Indicators:
    hubs = list(public_hubs())
    counts = people_counts(start=start, end=end)
    rows, _total = programme_rows(hubs, start=start, end=end)
    per_hub: dict[int, dict] = {row.hub.pk: dict(row.raw) for row in rows}
    for figures in (programme_indicators.indicator_figures(start=start, end=end),
                    hackathon_indicators.indicator_figures(start=start, end=end),
                    showcase_indicators.indicator_figures(start=start, end=end),
                    survey_queries.indicator_figures(start=start, end=end),
                    programme_queries.office_hour_ratings(start=start, end=end),
                    event_queries.indicator_figures(start=start, end=end)):
        for hub_id, values in figures.items():
            per_hub.setdefault(hub_id, {}).update(values)
    for values in per_hub.values():
        values["training_hours"] = round((values.get("training_minutes") or 0) / 60, 1)
        values["mentoring_hours"] = round(((values.get("mentoring_minutes") or 0)
                                           + (values.get("team_mentoring_minutes") or 0)) / 60, 1)
        values["awards_all"] = (values.get("awards") or 0) + (values.get("prizes") or 0)

    def hours(key):
        row = _figure_row(per_hub, hubs, key, "", kind="hours")
        row.values[-1] = round(sum(row.values[:-1]), 1)
        return row.values

    participation = [
        Table(key="roles", title=_("People taking part, by role"),
              rows=[_all_row(counts, hubs, shown=True)]
              + [_people_row(counts, hubs, "role", key, label) for key, label in ROLES],
              breakdown=True,
              note=_("A person with several roles counts once in each role and once in "
                     "“All people”. The programme column counts each person once.")),
        _breakdown(counts, hubs, "country", _("By country of residence"), "country", ()),
        _breakdown(counts, hubs, "gender", _("By gender"), "gender",
                   [(value, label) for value, label in Gender.choices]),
        _breakdown(counts, hubs, "age", _("By age band"), "age", AGE_BANDS),
        _breakdown(counts, hubs, "discipline", _("By sector or discipline"), "discipline",
                   [(value, label) for value, label in Discipline.choices],
                   note=_("A person may state several disciplines.")),
        _breakdown(counts, hubs, "newcomer", _("Newcomers and returning people"), "newcomer",
                   (("new", _("Newcomers")), ("returning", _("Returning (took part before "
                                                            "the period)")))),
        _breakdown(counts, hubs, "eu", _("Residence inside or outside the EU"), "eu",
                   (("eu", _("Inside the EU")), ("non_eu", _("Outside the EU")))),
        _breakdown(counts, hubs, "fewer", _("People with fewer opportunities (declared)"),
                   "fewer", (("yes", _("Declared fewer opportunities")),
                             ("no", _("Declared none")))),
    ]
    training_hours = Row(key="training_hours", label=_("Training hours delivered"),
                         values=hours("training_hours"), people=False, kind="hours")
    mentoring_hours = Row(key="mentoring_hours", label=_("Mentoring hours"),
                          values=hours("mentoring_hours"), people=False, kind="hours")
    activities = [
        Table(key="activities", title=_("Activities delivered"), rows=[
            _figure_row(per_hub, hubs, "calls", _("Calls for participants")),
            _figure_row(per_hub, hubs, "sessions", _("Training sessions")),
            training_hours,
            _rate_row(per_hub, hubs, "attendance_rate", _("Attendance rate (%)"),
                      "attended", "attendance_taken"),
            _figure_row(per_hub, hubs, "mentoring_sessions", _("Mentoring sessions")),
            mentoring_hours,
            _figure_row(per_hub, hubs, "hackathons", _("Hackathons")),
            # --- events (events/queries.py::indicator_figures) ---
            _figure_row(per_hub, hubs, "events", _("Public events (the final event included)")),
            _figure_row(per_hub, hubs, "event_registrations",
                        _("Event registrations (places taken)"), people=True),
            _figure_row(per_hub, hubs, "event_attendance",
                        _("Event attendance (people checked in)"), people=True),
            _figure_row(per_hub, hubs, "final_event_attendance",
                        _("… of whom at the final event"), people=True),
            # --- end of events ---
        ]),
        _country_table(hubs, start=start, end=end),
    ]
    reach = [
        Table(key="reach", title=_("Transnational reach"), rows=[
            _people_row(counts, hubs, "mobile", "", _("People who took part in an activity "
                                                      "hosted in another country")),
            _people_row(counts, hubs, "mobile_role", "expert",
                        _("… of whom experts (judges) from another country")),
            _figure_row(per_hub, hubs, "foreign_experts",
                        _("Experts judging a hackathon hosted in another country"),
                        people=True),
            _figure_row(per_hub, hubs, "international_teams",
                        _("International teams (members from two countries or more)")),
        ], note=_("Countries of residence only where the person consented.")),
    ]
    outputs = [
        Table(key="outputs", title=_("Outputs and results"), rows=[
            _figure_row(per_hub, hubs, "submissions", _("Hackathon submissions")),
            _figure_row(per_hub, hubs, "projects", _("Showcase projects")),
            _figure_row(per_hub, hubs, "published", _("… of which published")),
            _figure_row(per_hub, hubs, "awards_all", _("Awards and prizes")),
            _figure_row(per_hub, hubs, "certificates", _("Certificates of completion"),
                        people=True),
            _figure_row(per_hub, hubs, "interest_requests", _("Interest requests received")),
            _figure_row(per_hub, hubs, "event_projects",
                        _("Projects presented at the final event")),
        ]),
    ]
    satisfaction = [_satisfaction(per_hub, hubs)]
    suppress_tables(participation + activities + reach + outputs + satisfaction)
    _hide_rates_of_hidden_responses(satisfaction[0])
    return Indicators(
        start=start, end=end, hubs=hubs,
        sections=[(_("Participation"), participation), (_("Activities"), activities),
                  (_("Transnational reach"), reach), (_("Outputs and results"), outputs),
                  (_("Satisfaction"), satisfaction)],
        events=showcase_indicators.final_events(start=start, end=end),
        generated=timezone.now())


def _country_table(hubs, *, start=None, end=None) -> Table:
    """Hackathon participants by the country they registered from, one column per hub."""
    found: dict[str, dict] = {}
    for row in hackathon_indicators.participants_by_country(start=start, end=end):
        found.setdefault(row["country"], {})[row["hub_id"]] = row["people"]
    rows = []
    for code in sorted(found, key=lambda c: str(countries.name(c) or c)):
        values = [found[code].get(hub.pk, 0) for hub in hubs]
        rows.append(Row(key=f"hackathon_country:{code}", label=countries.name(code) or code,
                        values=values + [sum(values)]))
    return Table(key="hackathon_countries", title=_("Hackathon participants by country"),
                 rows=rows, breakdown=True,
                 note=_("The country each participant gave when registering."))


def as_data(indicators: Indicators) -> dict:
    """The tables as plain data (the API, the CSV and the XLSX read this)."""
    return {
        "period": {"start": indicators.start.isoformat() if indicators.start else None,
                   "end": indicators.end.isoformat() if indicators.end else None},
        "columns": indicators.columns,
        "suppressed": SUPPRESSED,
        "min_cell": MIN_CELL,
        "sections": [
            {"title": str(title), "tables": [
                {"key": table.key, "title": str(table.title), "note": str(table.note),
                 "rows": [{"key": row.key, "label": str(row.label), "kind": row.kind,
                           "values": list(row.values)} for row in table.shown_rows]}
                for table in tables]}
            for title, tables in indicators.sections],
    }
