"""Writing audit entries. Services call :func:`record` inside their own transaction."""

from django.apps import apps
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AuditEntry

# Keys that must never reach the audit log, whatever a caller passes in ``data``.
_SECRET_KEYS = {"password", "password1", "password2", "token", "secret", "session", "key"}


def record(*, actor, action, target=None, hub=None, data=None) -> AuditEntry:
    """Append an audit entry. ``action`` is dotted (``hub.staff_invited``)."""
    clean = {k: v for k, v in (data or {}).items() if k.lower() not in _SECRET_KEYS}
    if hub is None and target is not None:
        hub = getattr(target, "hub", None)
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        hub_id=getattr(hub, "pk", None),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        data=clean,
    )


# --- Reading entries: one sentence per action -------------------------------------------
#
# People read the log as sentences ("Nina Novak published the call Open Call 2027"), never as
# codes. Every action a service records has its sentence here; an action without one (a new
# code, or one built from a state name) falls back to its family's sentence, then to a generic
# one: the dotted code itself is never shown.

ACTION_SENTENCES = {
    "account.consent_withdrawn": gettext_lazy("%(actor)s withdrew a consent"),
    "account.data_export_requested": gettext_lazy("%(actor)s asked for a copy of their data"),
    "account.created_by_invitation": gettext_lazy(
        "%(actor)s created an account from an invitation"),
    "account.deactivated": gettext_lazy("%(actor)s deactivated an account"),
    "account.deleted": gettext_lazy("%(actor)s deleted an account"),
    "account.idle_timeout": gettext_lazy("%(actor)s was signed out after a time without activity"),
    "account.login": gettext_lazy("%(actor)s signed in"),
    "account.login_failed": gettext_lazy("A sign-in failed"),
    "account.mfa_activated": gettext_lazy("%(actor)s turned on two-factor authentication"),
    "account.mfa_deactivated": gettext_lazy("%(actor)s turned off two-factor authentication"),
    "application.co_applicant_invited": gettext_lazy(
        "%(actor)s invited a co-applicant to %(target)s"),
    "application.co_applicant_joined": gettext_lazy("%(actor)s joined the application %(target)s"),
    "application.confirmed": gettext_lazy("%(actor)s confirmed their place: %(target)s"),
    "application.decided": gettext_lazy("%(actor)s recorded a decision on %(target)s"),
    "application.declined": gettext_lazy("%(actor)s declined the offer: %(target)s"),
    "application.reopened": gettext_lazy("%(actor)s reopened the application %(target)s"),
    "application.reviewed": gettext_lazy("%(actor)s reviewed the application %(target)s"),
    "application.reviewer_assigned": gettext_lazy("%(actor)s assigned a reviewer to %(target)s"),
    "application.started": gettext_lazy("%(actor)s started the application %(target)s"),
    "application.submitted": gettext_lazy("%(actor)s submitted the application %(target)s"),
    "application.withdrawn": gettext_lazy("%(actor)s withdrew the application %(target)s"),
    "audit.exported": gettext_lazy("%(actor)s exported the audit log"),
    "call.applications_exported": gettext_lazy("%(actor)s exported the applications to %(target)s"),
    "call.closed": gettext_lazy("%(actor)s closed the call %(target)s"),
    "call.published": gettext_lazy("%(actor)s published the call %(target)s"),
    "call.criterion_added": gettext_lazy(
        "%(actor)s added a review criterion to the call %(target)s"),
    "call.criterion_deleted": gettext_lazy(
        "%(actor)s deleted a review criterion of the call %(target)s"),
    "call.question_deleted": gettext_lazy("%(actor)s deleted a question of the call %(target)s"),
    "call.question_moved": gettext_lazy("%(actor)s reordered the questions of the call %(target)s"),
    "call.question_saved": gettext_lazy("%(actor)s saved a question of the call %(target)s"),
    "call.reviewers_assigned": gettext_lazy("%(actor)s assigned reviewers for the call %(target)s"),
    "call.review_round_added": gettext_lazy(
        "%(actor)s added a review round to the call %(target)s"),
    "call.rank_figure_set": gettext_lazy(
        "%(actor)s chose the figure that ranks the call %(target)s"),
    "call.reviewer_added": gettext_lazy(
        "%(actor)s added an expert reviewer to the call %(target)s"),
    "call.reviewer_removed": gettext_lazy(
        "%(actor)s took an expert reviewer off the call %(target)s"),
    "call.round_assigned": gettext_lazy(
        "%(actor)s ran the reviewer assignment of a round of the call %(target)s"),
    "application.conflict_declared": gettext_lazy(
        "%(actor)s declared a conflict of interest with %(target)s"),
    "application.reviewer_replaced": gettext_lazy(
        "%(actor)s had a replacement reviewer assigned to %(target)s"),
    "application.reviewer_forbidden": gettext_lazy(
        "%(actor)s forbade a reviewer for %(target)s"),
    "application.feedback_shared": gettext_lazy(
        "%(actor)s chose a review comment to send to the applicant of %(target)s"),
    "application.feedback_withheld": gettext_lazy(
        "%(actor)s kept a review comment of %(target)s with the hub team"),
    "call.saved": gettext_lazy("%(actor)s saved the call %(target)s"),
    "certificate.issued": gettext_lazy("%(actor)s issued the certificate %(target)s"),
    "cohort.created": gettext_lazy("%(actor)s created the cohort %(target)s"),
    "cohort.updated": gettext_lazy("%(actor)s updated the cohort %(target)s"),
    "expert.invited": gettext_lazy("%(actor)s invited %(target)s to the expert pool"),
    "expert.joined": gettext_lazy("%(actor)s joined the expert pool"),
    # --- events (events/services.py) ---
    "event.created": gettext_lazy("%(actor)s created the event %(target)s"),
    "event.updated": gettext_lazy("%(actor)s changed the event %(target)s"),
    "event.published": gettext_lazy("%(actor)s published the event %(target)s"),
    "event.unpublished": gettext_lazy("%(actor)s unpublished the event %(target)s"),
    "event.exported": gettext_lazy("%(actor)s exported the registrations of %(target)s"),
    "event.registered": gettext_lazy("%(actor)s registered for an event: %(target)s"),
    "event.registration_cancelled": gettext_lazy(
        "%(actor)s cancelled an event registration: %(target)s"),
    "event.waitlist_promoted": gettext_lazy(
        "%(actor)s gave a waiting-list place at an event: %(target)s"),
    "event.checked_in": gettext_lazy("%(actor)s checked in %(target)s"),
    "event.check_in_undone": gettext_lazy("%(actor)s took back the check-in of %(target)s"),
    # --- end of events ---
    "expert.updated": gettext_lazy("%(actor)s updated the expert profile of %(target)s"),
    "hackathon.created": gettext_lazy("%(actor)s created the hackathon %(target)s"),
    "hackathon.exported": gettext_lazy("%(actor)s exported data of the hackathon %(target)s"),
    "hackathon.judge_added": gettext_lazy("%(actor)s added a judge to %(target)s"),
    "hackathon.judge_removed": gettext_lazy("%(actor)s removed a judge from %(target)s"),
    "hackathon.prize_awarded": gettext_lazy("%(actor)s awarded a prize in %(target)s"),
    "hackathon.registered": gettext_lazy("%(actor)s registered for %(target)s"),
    "hackathon.registration_cancelled": gettext_lazy("%(actor)s cancelled a registration for "
                                           "%(target)s"),
    "hackathon.waitlist_promoted": gettext_lazy(
        "%(actor)s gave a waiting-list place in %(target)s"),
    "hub.invitation_revoked": gettext_lazy("%(actor)s revoked an invitation to %(target)s"),
    "hub.staff_invited": gettext_lazy("%(actor)s invited a colleague to %(target)s"),
    "hub.staff_joined": gettext_lazy("%(actor)s joined the staff of %(target)s"),
    "hub.staff_removed": gettext_lazy("%(actor)s removed a colleague from %(target)s"),
    "hub.staff_role_changed": gettext_lazy("%(actor)s changed a colleague's role in %(target)s"),
    "judging.assigned": gettext_lazy("%(actor)s assigned judges: %(target)s"),
    "judging.assigned_by_hand": gettext_lazy("%(actor)s assigned a judge by hand: %(target)s"),
    "judging.conflict_declared": gettext_lazy(
        "%(actor)s declared a conflict of interest: %(target)s"),
    "judging.pair_forbidden": gettext_lazy(
        "%(actor)s forbade a judge for %(target)s in future assignments"),
    "judging.pair_pinned": gettext_lazy(
        "%(actor)s pinned a judge to %(target)s in future assignments"),
    "judging.pair_rule_cleared": gettext_lazy(
        "%(actor)s cleared a pinned or forbidden judge for %(target)s"),
    "judging.reassigned": gettext_lazy("%(actor)s reassigned judging: %(target)s"),
    "judging.scored": gettext_lazy("%(actor)s scored %(target)s"),
    "judging.unassigned": gettext_lazy("%(actor)s removed a judging assignment: %(target)s"),
    "mentor.assigned": gettext_lazy("%(actor)s assigned a mentor: %(target)s"),
    "mentor.session_logged": gettext_lazy("%(actor)s logged a mentoring session: %(target)s"),
    "mentor.unassigned": gettext_lazy("%(actor)s removed a mentor: %(target)s"),
    "office_hours.booked": gettext_lazy("%(actor)s booked an office hour: %(target)s"),
    "office_hours.cancelled": gettext_lazy("%(actor)s cancelled an office hour booking: "
                                           "%(target)s"),
    "office_hours.held": gettext_lazy("%(actor)s marked an office hour held: %(target)s"),
    "office_hours.moved": gettext_lazy("%(actor)s moved an office hour booking: %(target)s"),
    "office_hours.no_show": gettext_lazy("%(actor)s marked an office hour missed: %(target)s"),
    "office_hours.policy_changed": gettext_lazy("%(actor)s changed who may book office hours"),
    "office_hours.published": gettext_lazy("%(actor)s offered office hours"),
    "office_hours.rated": gettext_lazy("%(actor)s rated an office hour: %(target)s"),
    "office_hours.withdrawn": gettext_lazy("%(actor)s withdrew an office hour: %(target)s"),
    "milestone.created": gettext_lazy("%(actor)s created the milestone %(target)s"),
    "milestone.deleted": gettext_lazy("%(actor)s deleted the milestone %(target)s"),
    "milestone.updated": gettext_lazy("%(actor)s updated the milestone %(target)s"),
    "notification.announced": gettext_lazy("%(actor)s sent an announcement: %(target)s"),
    "notification.resent": gettext_lazy("%(actor)s sent a message again: %(target)s"),
    "report.downloaded": gettext_lazy("%(actor)s downloaded the report %(target)s"),
    "report.requested": gettext_lazy("%(actor)s asked for the report %(target)s"),
    "session.attendance_taken": gettext_lazy("%(actor)s took attendance at %(target)s"),
    "session.cancelled": gettext_lazy("%(actor)s cancelled the session %(target)s"),
    "session.created": gettext_lazy("%(actor)s scheduled the session %(target)s"),
    "session.signed_up": gettext_lazy("%(actor)s signed up for %(target)s"),
    "session.signup_cancelled": gettext_lazy("%(actor)s cancelled their place at %(target)s"),
    "session.updated": gettext_lazy("%(actor)s updated the session %(target)s"),
    "showcase.award_added": gettext_lazy("%(actor)s added an award to %(target)s"),
    "showcase.award_removed": gettext_lazy("%(actor)s removed an award from %(target)s"),
    "showcase.consent_answered": gettext_lazy(
        "%(actor)s answered a consent request for %(target)s"),
    "showcase.consents_requested": gettext_lazy(
        "%(actor)s asked the team's consent for %(target)s"),
    "showcase.event_programme_changed": gettext_lazy(
        "%(actor)s changed the final event's programme"),
    "showcase.image_added": gettext_lazy("%(actor)s added an image to %(target)s"),
    "showcase.image_removed": gettext_lazy("%(actor)s removed an image from %(target)s"),
    "showcase.interest_sent": gettext_lazy("%(actor)s expressed interest in %(target)s"),
    "showcase.member_added": gettext_lazy("%(actor)s credited a member on %(target)s"),
    "showcase.member_removed": gettext_lazy("%(actor)s removed a credited member from %(target)s"),
    "showcase.member_visibility": gettext_lazy("%(actor)s changed who is shown on %(target)s"),
    "showcase.project_created": gettext_lazy("%(actor)s created the showcase project %(target)s"),
    "showcase.project_published": gettext_lazy(
        "%(actor)s published the showcase project %(target)s"),
    "showcase.project_returned_to_draft": gettext_lazy("%(actor)s returned %(target)s to draft"),
    "showcase.project_updated": gettext_lazy("%(actor)s updated the showcase project %(target)s"),
    "showcase.project_withdrawn": gettext_lazy("%(actor)s withdrew %(target)s from the showcase"),
    "submission.draft_saved": gettext_lazy("%(actor)s saved a draft of %(target)s"),
    "submission.extension_granted": gettext_lazy("%(actor)s granted an extension for %(target)s"),
    "submission.file_added": gettext_lazy("%(actor)s added a file to %(target)s"),
    "submission.file_removed": gettext_lazy("%(actor)s removed a file from %(target)s"),
    "submission.reopened": gettext_lazy("%(actor)s reopened %(target)s"),
    "submission.submitted": gettext_lazy("%(actor)s submitted %(target)s"),
    "submission.version_restored": gettext_lazy(
        "%(actor)s restored an earlier version of %(target)s"),
    "expo.judged": gettext_lazy("%(actor)s compared two projects at the expo of %(target)s"),
    "expo.skipped": gettext_lazy("%(actor)s skipped a pair at the expo of %(target)s"),
    "vote.cast": gettext_lazy("%(actor)s voted in the community choice of %(target)s"),
    "team.captain_changed": gettext_lazy(
        "%(actor)s handed the captaincy of %(target)s to a team mate"),
    "team.created": gettext_lazy("%(actor)s created the team %(target)s"),
    "team.dissolved": gettext_lazy("%(actor)s dissolved the team %(target)s"),
    "team.edited": gettext_lazy("%(actor)s edited the team %(target)s"),
    "team.feedback_posted": gettext_lazy("%(actor)s gave feedback to %(target)s"),
    "team.invited": gettext_lazy("%(actor)s invited someone to the team %(target)s"),
    "team.join_decided": gettext_lazy("%(actor)s answered a request to join %(target)s"),
    "team.join_requested": gettext_lazy("%(actor)s asked to join the team %(target)s"),
    "team.member_erased": gettext_lazy("A member's data was erased from the team %(target)s"),
    "team.member_joined": gettext_lazy("%(actor)s joined the team %(target)s"),
    "team.member_left": gettext_lazy("%(actor)s left the team %(target)s"),
    "team.member_removed": gettext_lazy("%(actor)s removed a member from the team %(target)s"),
    "team.mentor_assigned": gettext_lazy("%(actor)s assigned a mentor to %(target)s"),
    "team.mentor_removed": gettext_lazy("%(actor)s removed the mentor of %(target)s"),
    "team.mentoring_logged": gettext_lazy("%(actor)s logged mentoring for %(target)s"),
    "team.reopened": gettext_lazy("%(actor)s reopened the team %(target)s"),
    "translations.saved": gettext_lazy("%(actor)s saved the translations of %(target)s"),
}
# Actions built from a state or model name (``milestone.<state>``, ``team.<status>``,
# ``hackathon.<state>``, ``hackathon.<model>_saved``) read as their family's sentence.
FAMILY_SENTENCES = {
    "account": gettext_lazy("%(actor)s changed an account"),
    "application": gettext_lazy("%(actor)s changed the application %(target)s"),
    "call": gettext_lazy("%(actor)s changed the call %(target)s"),
    "expert": gettext_lazy("%(actor)s changed the expert pool: %(target)s"),
    "certificate": gettext_lazy("%(actor)s changed the certificate %(target)s"),
    "cohort": gettext_lazy("%(actor)s changed the cohort %(target)s"),
    "hackathon": gettext_lazy("%(actor)s changed the hackathon %(target)s"),
    "hub": gettext_lazy("%(actor)s changed the hub %(target)s"),
    "judging": gettext_lazy("%(actor)s changed the judging of %(target)s"),
    "mentor": gettext_lazy("%(actor)s changed mentoring: %(target)s"),
    "milestone": gettext_lazy("%(actor)s moved the milestone %(target)s on"),
    "session": gettext_lazy("%(actor)s changed the session %(target)s"),
    "showcase": gettext_lazy("%(actor)s changed the showcase project %(target)s"),
    "submission": gettext_lazy("%(actor)s changed %(target)s"),
    "team": gettext_lazy("%(actor)s changed the team %(target)s"),
}
GENERIC_SENTENCE = gettext_lazy("%(actor)s made a change concerning %(target)s")


def action_sentence(action: str):
    """The (lazy, translated) sentence for an action code; never the code itself."""
    if action in ACTION_SENTENCES:
        return ACTION_SENTENCES[action]
    return FAMILY_SENTENCES.get(action.split(".", 1)[0], GENERIC_SENTENCE)


def describe(entry: AuditEntry, *, target_url: str = "") -> str:
    """The entry as an HTML sentence in the active language: the actor's name, and the
    target's label linked to ``target_url`` when there is one. Names are escaped."""
    actor = str(entry.actor) if entry.actor else _("The platform")
    label = entry.target_label or _("an item")
    target = format_html('<a href="{}">{}</a>', target_url, label) if target_url else \
        conditional_escape(label)
    sentence = conditional_escape(str(action_sentence(entry.action)))
    return mark_safe(sentence % {"actor": conditional_escape(actor), "target": target})  # noqa: S308  all escaped just above


def target_url(entry: AuditEntry) -> str:
    """The target's own page (its ``get_absolute_url``) if it still exists and has one, else
    "". Read through the base manager: the caller has already limited entries to its hub."""
    if not entry.target_type or not entry.target_id:
        return ""
    try:
        model = apps.get_model(entry.target_type)
    except (LookupError, ValueError):
        return ""
    if not hasattr(model, "get_absolute_url"):
        return ""
    target = model._base_manager.filter(pk=entry.target_id).first()
    return target.get_absolute_url() if target is not None else ""


def sentences(entries) -> list[tuple[AuditEntry, str]]:
    """(entry, HTML sentence with a link to its target) for each entry, for a page."""
    return [(e, describe(e, target_url=target_url(e))) for e in entries]
