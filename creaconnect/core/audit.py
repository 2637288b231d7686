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

_S = gettext_lazy
ACTION_SENTENCES = {
    "account.consent_withdrawn": _S("%(actor)s withdrew a consent"),
    "account.data_export_requested": _S("%(actor)s asked for a copy of their data"),
    "account.created_by_invitation": _S("%(actor)s created an account from an invitation"),
    "account.deactivated": _S("%(actor)s deactivated an account"),
    "account.deleted": _S("%(actor)s deleted an account"),
    "account.idle_timeout": _S("%(actor)s was signed out after a time without activity"),
    "account.login": _S("%(actor)s signed in"),
    "account.login_failed": _S("A sign-in failed"),
    "account.mfa_activated": _S("%(actor)s turned on two-factor authentication"),
    "account.mfa_deactivated": _S("%(actor)s turned off two-factor authentication"),
    "application.co_applicant_invited": _S("%(actor)s invited a co-applicant to %(target)s"),
    "application.co_applicant_joined": _S("%(actor)s joined the application %(target)s"),
    "application.confirmed": _S("%(actor)s confirmed their place: %(target)s"),
    "application.decided": _S("%(actor)s recorded a decision on %(target)s"),
    "application.declined": _S("%(actor)s declined the offer: %(target)s"),
    "application.reopened": _S("%(actor)s reopened the application %(target)s"),
    "application.reviewed": _S("%(actor)s reviewed the application %(target)s"),
    "application.reviewer_assigned": _S("%(actor)s assigned a reviewer to %(target)s"),
    "application.started": _S("%(actor)s started the application %(target)s"),
    "application.submitted": _S("%(actor)s submitted the application %(target)s"),
    "application.withdrawn": _S("%(actor)s withdrew the application %(target)s"),
    "audit.exported": _S("%(actor)s exported the audit log"),
    "call.applications_exported": _S("%(actor)s exported the applications to %(target)s"),
    "call.closed": _S("%(actor)s closed the call %(target)s"),
    "call.published": _S("%(actor)s published the call %(target)s"),
    "call.criterion_added": _S("%(actor)s added a review criterion to the call %(target)s"),
    "call.criterion_deleted": _S("%(actor)s deleted a review criterion of the call %(target)s"),
    "call.question_deleted": _S("%(actor)s deleted a question of the call %(target)s"),
    "call.question_moved": _S("%(actor)s reordered the questions of the call %(target)s"),
    "call.question_saved": _S("%(actor)s saved a question of the call %(target)s"),
    "call.reviewers_assigned": _S("%(actor)s assigned reviewers for the call %(target)s"),
    "call.saved": _S("%(actor)s saved the call %(target)s"),
    "certificate.issued": _S("%(actor)s issued the certificate %(target)s"),
    "cohort.created": _S("%(actor)s created the cohort %(target)s"),
    "cohort.updated": _S("%(actor)s updated the cohort %(target)s"),
    "expert.invited": _S("%(actor)s invited %(target)s to the expert pool"),
    "expert.joined": _S("%(actor)s joined the expert pool"),
    "expert.updated": _S("%(actor)s updated the expert profile of %(target)s"),
    "hackathon.created": _S("%(actor)s created the hackathon %(target)s"),
    "hackathon.exported": _S("%(actor)s exported data of the hackathon %(target)s"),
    "hackathon.judge_added": _S("%(actor)s added a judge to %(target)s"),
    "hackathon.judge_removed": _S("%(actor)s removed a judge from %(target)s"),
    "hackathon.prize_awarded": _S("%(actor)s awarded a prize in %(target)s"),
    "hackathon.registered": _S("%(actor)s registered for %(target)s"),
    "hackathon.registration_cancelled": _S("%(actor)s cancelled a registration for "
                                           "%(target)s"),
    "hackathon.waitlist_promoted": _S("%(actor)s gave a waiting-list place in %(target)s"),
    "hub.invitation_revoked": _S("%(actor)s revoked an invitation to %(target)s"),
    "hub.staff_invited": _S("%(actor)s invited a colleague to %(target)s"),
    "hub.staff_joined": _S("%(actor)s joined the staff of %(target)s"),
    "hub.staff_removed": _S("%(actor)s removed a colleague from %(target)s"),
    "hub.staff_role_changed": _S("%(actor)s changed a colleague's role in %(target)s"),
    "judging.assigned": _S("%(actor)s assigned judges: %(target)s"),
    "judging.assigned_by_hand": _S("%(actor)s assigned a judge by hand: %(target)s"),
    "judging.conflict_declared": _S("%(actor)s declared a conflict of interest: %(target)s"),
    "judging.reassigned": _S("%(actor)s reassigned judging: %(target)s"),
    "judging.scored": _S("%(actor)s scored %(target)s"),
    "judging.unassigned": _S("%(actor)s removed a judging assignment: %(target)s"),
    "mentor.assigned": _S("%(actor)s assigned a mentor: %(target)s"),
    "mentor.session_logged": _S("%(actor)s logged a mentoring session: %(target)s"),
    "mentor.unassigned": _S("%(actor)s removed a mentor: %(target)s"),
    "milestone.created": _S("%(actor)s created the milestone %(target)s"),
    "milestone.deleted": _S("%(actor)s deleted the milestone %(target)s"),
    "milestone.updated": _S("%(actor)s updated the milestone %(target)s"),
    "notification.announced": _S("%(actor)s sent an announcement: %(target)s"),
    "notification.resent": _S("%(actor)s sent a message again: %(target)s"),
    "report.downloaded": _S("%(actor)s downloaded the report %(target)s"),
    "report.requested": _S("%(actor)s asked for the report %(target)s"),
    "session.attendance_taken": _S("%(actor)s took attendance at %(target)s"),
    "session.cancelled": _S("%(actor)s cancelled the session %(target)s"),
    "session.created": _S("%(actor)s scheduled the session %(target)s"),
    "session.signed_up": _S("%(actor)s signed up for %(target)s"),
    "session.signup_cancelled": _S("%(actor)s cancelled their place at %(target)s"),
    "session.updated": _S("%(actor)s updated the session %(target)s"),
    "showcase.award_added": _S("%(actor)s added an award to %(target)s"),
    "showcase.award_removed": _S("%(actor)s removed an award from %(target)s"),
    "showcase.consent_answered": _S("%(actor)s answered a consent request for %(target)s"),
    "showcase.consents_requested": _S("%(actor)s asked the team's consent for %(target)s"),
    "showcase.event_programme_changed": _S("%(actor)s changed the final event's programme"),
    "showcase.image_added": _S("%(actor)s added an image to %(target)s"),
    "showcase.image_removed": _S("%(actor)s removed an image from %(target)s"),
    "showcase.interest_sent": _S("%(actor)s expressed interest in %(target)s"),
    "showcase.member_added": _S("%(actor)s credited a member on %(target)s"),
    "showcase.member_removed": _S("%(actor)s removed a credited member from %(target)s"),
    "showcase.member_visibility": _S("%(actor)s changed who is shown on %(target)s"),
    "showcase.project_created": _S("%(actor)s created the showcase project %(target)s"),
    "showcase.project_published": _S("%(actor)s published the showcase project %(target)s"),
    "showcase.project_returned_to_draft": _S("%(actor)s returned %(target)s to draft"),
    "showcase.project_updated": _S("%(actor)s updated the showcase project %(target)s"),
    "showcase.project_withdrawn": _S("%(actor)s withdrew %(target)s from the showcase"),
    "submission.draft_saved": _S("%(actor)s saved a draft of %(target)s"),
    "submission.extension_granted": _S("%(actor)s granted an extension for %(target)s"),
    "submission.file_added": _S("%(actor)s added a file to %(target)s"),
    "submission.file_removed": _S("%(actor)s removed a file from %(target)s"),
    "submission.reopened": _S("%(actor)s reopened %(target)s"),
    "submission.submitted": _S("%(actor)s submitted %(target)s"),
    "team.captain_changed": _S("%(actor)s handed the captaincy of %(target)s to a team mate"),
    "team.created": _S("%(actor)s created the team %(target)s"),
    "team.dissolved": _S("%(actor)s dissolved the team %(target)s"),
    "team.edited": _S("%(actor)s edited the team %(target)s"),
    "team.feedback_posted": _S("%(actor)s gave feedback to %(target)s"),
    "team.invited": _S("%(actor)s invited someone to the team %(target)s"),
    "team.join_decided": _S("%(actor)s answered a request to join %(target)s"),
    "team.join_requested": _S("%(actor)s asked to join the team %(target)s"),
    "team.member_erased": _S("A member's data was erased from the team %(target)s"),
    "team.member_joined": _S("%(actor)s joined the team %(target)s"),
    "team.member_left": _S("%(actor)s left the team %(target)s"),
    "team.member_removed": _S("%(actor)s removed a member from the team %(target)s"),
    "team.mentor_assigned": _S("%(actor)s assigned a mentor to %(target)s"),
    "team.mentor_removed": _S("%(actor)s removed the mentor of %(target)s"),
    "team.mentoring_logged": _S("%(actor)s logged mentoring for %(target)s"),
    "team.reopened": _S("%(actor)s reopened the team %(target)s"),
}
# Actions built from a state or model name (``milestone.<state>``, ``team.<status>``,
# ``hackathon.<state>``, ``hackathon.<model>_saved``) read as their family's sentence.
FAMILY_SENTENCES = {
    "account": _S("%(actor)s changed an account"),
    "application": _S("%(actor)s changed the application %(target)s"),
    "call": _S("%(actor)s changed the call %(target)s"),
    "expert": _S("%(actor)s changed the expert pool: %(target)s"),
    "certificate": _S("%(actor)s changed the certificate %(target)s"),
    "cohort": _S("%(actor)s changed the cohort %(target)s"),
    "hackathon": _S("%(actor)s changed the hackathon %(target)s"),
    "hub": _S("%(actor)s changed the hub %(target)s"),
    "judging": _S("%(actor)s changed the judging of %(target)s"),
    "mentor": _S("%(actor)s changed mentoring: %(target)s"),
    "milestone": _S("%(actor)s moved the milestone %(target)s on"),
    "session": _S("%(actor)s changed the session %(target)s"),
    "showcase": _S("%(actor)s changed the showcase project %(target)s"),
    "submission": _S("%(actor)s changed %(target)s"),
    "team": _S("%(actor)s changed the team %(target)s"),
}
GENERIC_SENTENCE = _S("%(actor)s made a change concerning %(target)s")


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
