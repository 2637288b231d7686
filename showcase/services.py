"""Showcase rules: creating projects, the consent workflow, publication, interest messages.

The project's life is a state machine (draft → awaiting_consent → published → withdrawn);
every move goes through :func:`_move`, which checks the table, writes the audit entry and
invalidates the public caches after commit. Each service has its own transaction.
"""

import re

import nh3
from django.core.cache import cache
from django.core.exceptions import ValidationError  # noqa: F401  re-exported for views
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from creaconnect.core import audit
from creaconnect.core.states import StateMachine
from creaconnect.core.uploads import clean_image
from creaconnect.notifications.services import notify

from .models import (
    CONSENT_TEXT_VERSION,
    Award,
    ConsentRecord,
    ConsentState,
    CreditedMember,
    GalleryImage,
    InterestKind,
    InterestMessage,
    ProjectState,
    ShowcaseProject,
)
from .queries import bump_public_version, public_projects

IMAGE_MAX_BYTES = 6 * 1024 * 1024
IMAGE_LARGE_SIDE = 1600
IMAGE_CARD_SIDE = 640
GALLERY_MAX_IMAGES = 12

# Interest messages: at most N per window per sender address, and per client IP.
INTEREST_LIMIT_PER_EMAIL = (3, 3600)
INTEREST_LIMIT_PER_IP = (10, 3600)

S = ProjectState
# The project's legal moves; :func:`_move` is the one entry point that applies them, and the
# console pages offer only the moves ``PROJECT.allowed(state)`` names.
PROJECT = StateMachine(ProjectState, {
    S.DRAFT: {S.AWAITING_CONSENT},
    S.AWAITING_CONSENT: {S.PUBLISHED, S.DRAFT},
    S.PUBLISHED: {S.WITHDRAWN},
    S.WITHDRAWN: {S.AWAITING_CONSENT, S.DRAFT},
})
EDITABLE_TEAM_STATES = {S.DRAFT, S.AWAITING_CONSENT, S.WITHDRAWN}

BLOCK_TAG = re.compile(r"<(p|ul|ol|h3|h4|blockquote)\b")
STORY_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4",
              "blockquote"}


class ShowcaseError(Exception):
    """A move the rules do not allow; the message is shown to the user."""


class RateLimited(ShowcaseError):
    pass


# --- Helpers ----------------------------------------------------------------------------

def clean_story(text: str) -> str:
    """Sanitised HTML of a story: a small set of tags is kept (no images, scripts, styles,
    or attributes other than safe links). Text without block tags becomes paragraphs."""
    clean = nh3.clean((text or "").strip(), tags=STORY_TAGS, attributes={"a": {"href"}},
                      url_schemes={"http", "https", "mailto"},
                      link_rel="noopener nofollow ugc").strip()
    if clean and not BLOCK_TAG.search(clean):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", clean) if p.strip()]
        clean = "\n\n".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)
    return clean


def web_sizes(upload) -> tuple:
    """Check an uploaded image and return (large, card) re-encoded copies."""
    large = clean_image(upload, max_bytes=IMAGE_MAX_BYTES, max_side=IMAGE_LARGE_SIDE)
    card = clean_image(large, max_bytes=IMAGE_MAX_BYTES, max_side=IMAGE_CARD_SIDE)
    card.name = card.name.rsplit(".", 1)[0] + "-card." + card.name.rsplit(".", 1)[1]
    return large, card


def _after_commit_public_change():
    """Invalidate the public caches now and once more after commit (a reader between the
    two could cache the old state under the new version)."""
    bump_public_version()
    transaction.on_commit(bump_public_version)


def _move(project: ShowcaseProject, to: str, *, actor, action: str, data=None) -> None:
    """The one entry point of every state change. Call inside a transaction with the project
    row locked."""
    if not PROJECT.can(project.state, to):
        raise ShowcaseError(_("A project cannot go from “%(old)s” to “%(new)s”.") % {
            "old": ProjectState(project.state).label, "new": ProjectState(to).label})
    old = project.state
    project.state = to
    fields = ["state", "updated"]
    if to == S.PUBLISHED:
        project.published_at = timezone.now()
        fields.append("published_at")
    project.save(update_fields=fields)
    audit.record(actor=actor, action=action, target=project, hub=project.hub,
                 data={"from": old, "to": to, **(data or {})})
    if S.PUBLISHED in (old, to):
        _after_commit_public_change()


def _locked(project: ShowcaseProject) -> ShowcaseProject:
    return (ShowcaseProject.objects.select_for_update(of=("self",)).select_related("hub")
            .get(pk=project.pk))


# --- Projects ---------------------------------------------------------------------------

def _clean_stories(project: ShowcaseProject) -> None:
    """The story and each of its translations keep only the simple HTML a story may hold."""
    project.story = clean_story(project.story)
    for texts in (project.translations or {}).values():
        if texts.get("story"):
            texts["story"] = clean_story(texts["story"])


def create_project(*, hub, actor, data: dict, cover=None) -> ShowcaseProject:
    """A new draft project of ``hub``. ``data`` holds the model fields from the form."""
    project = ShowcaseProject(hub=hub, created_by=actor, **data)
    _clean_stories(project)
    if cover is not None:
        project.cover, project.cover_card = web_sizes(cover)
    with transaction.atomic():
        try:
            with transaction.atomic():  # savepoint: a taken slug is a user error
                project.save()
        except IntegrityError as exc:
            raise ShowcaseError(_("Another project already uses this address.")) from exc
        audit.record(actor=actor, action="showcase.project_created", target=project, hub=hub,
                     data={"from_team": project.from_team_id,
                           "from_submission": project.from_submission_id,
                           "from_cohort_member": project.from_cohort_member_id})
    return project


def update_project(*, project: ShowcaseProject, actor, data: dict, cover=None):
    with transaction.atomic():
        project = _locked(project)
        for field, value in data.items():
            setattr(project, field, value)
        _clean_stories(project)
        if cover is not None:
            project.cover, project.cover_card = web_sizes(cover)
        project.save()
        audit.record(actor=actor, action="showcase.project_updated", target=project,
                     data={"fields": sorted(data)})
        if project.state == S.PUBLISHED:
            _after_commit_public_change()
    return project


def add_image(*, project: ShowcaseProject, upload, alt: str, actor) -> GalleryImage:
    with transaction.atomic():
        project = _locked(project)
        count = project.images.count()
        if count >= GALLERY_MAX_IMAGES:
            raise ShowcaseError(_("A gallery holds at most %(n)s images.")
                                % {"n": GALLERY_MAX_IMAGES})
        large, card = web_sizes(upload)
        image = GalleryImage.objects.create(project=project, image=large, thumb=card, alt=alt,
                                            order=count)
        audit.record(actor=actor, action="showcase.image_added", target=project,
                     data={"image": image.pk})
        if project.state == S.PUBLISHED:
            _after_commit_public_change()
    return image


def remove_image(*, image: GalleryImage, actor) -> None:
    with transaction.atomic():
        project = _locked(image.project)
        audit.record(actor=actor, action="showcase.image_removed", target=project,
                     data={"image": image.pk})
        image.delete()
        if project.state == S.PUBLISHED:
            _after_commit_public_change()


def add_award(*, project: ShowcaseProject, actor, title: str, given_by: str = "",
              year=None) -> Award:
    with transaction.atomic():
        award = Award.objects.create(project=project, title=title, given_by=given_by,
                                     year=year)
        audit.record(actor=actor, action="showcase.award_added", target=project,
                     data={"award": title})
        if project.state == S.PUBLISHED:
            _after_commit_public_change()
    return award


def remove_award(*, award: Award, actor) -> None:
    with transaction.atomic():
        audit.record(actor=actor, action="showcase.award_removed", target=award.project,
                     data={"award": award.title})
        award.delete()
        _after_commit_public_change()


# --- Team -------------------------------------------------------------------------------

def add_member(*, project: ShowcaseProject, user, display_name: str = "", role: str = "",
               actor) -> CreditedMember:
    """Credit ``user`` on the project. While consents are being collected, the newcomer is
    asked at once; a published project's team is frozen (withdraw it first)."""
    with transaction.atomic():
        project = _locked(project)
        if project.state not in EDITABLE_TEAM_STATES:
            raise ShowcaseError(_("The team of a published project cannot change. Withdraw "
                                  "the project first."))
        if project.members.filter(user=user).exists():
            raise ShowcaseError(_("%(name)s is already credited on this project.")
                                % {"name": user})
        member = CreditedMember.objects.create(
            project=project, user=user, display_name=display_name or str(user), role=role,
            order=project.members.count())
        audit.record(actor=actor, action="showcase.member_added", target=project,
                     data={"member": member.display_name})
        if project.state == S.AWAITING_CONSENT:
            _ask(member, project)
    return member


def remove_member(*, member: CreditedMember, actor) -> None:
    with transaction.atomic():
        project = _locked(member.project)
        if project.state not in EDITABLE_TEAM_STATES:
            raise ShowcaseError(_("The team of a published project cannot change. Withdraw "
                                  "the project first."))
        audit.record(actor=actor, action="showcase.member_removed", target=project,
                     data={"member": member.display_name})
        member.delete()


def set_member_hidden(*, member: CreditedMember, hidden: bool, actor) -> CreditedMember:
    """A member hides (or shows) their name on the public page; their consent stands."""
    # The member acts on their own credit, whatever the hub: no hub scope applies.
    with transaction.atomic(), scopes_disabled():
        member = CreditedMember.objects.select_for_update(of=("self",)).select_related(
            "project", "project__hub").get(pk=member.pk)
        if member.hidden != hidden:
            member.hidden = hidden
            member.save(update_fields=["hidden"])
            audit.record(actor=actor, action="showcase.member_visibility", target=member.project,
                         data={"member": member.pk, "hidden": hidden})
            _after_commit_public_change()
    return member


# --- Consent workflow ---------------------------------------------------------------------

def _ask(member: CreditedMember, project: ShowcaseProject) -> None:
    member.consent = ConsentState.PENDING
    member.consent_at = None
    member.consent_version = CONSENT_TEXT_VERSION
    member.save(update_fields=["consent", "consent_at", "consent_version"])
    notify(user=member.user, kind="showcase.consent_requested", hub=project.hub,
           url=member.get_consent_url(),
           context={"project": project.title, "hub": project.hub.name,
                    "credited_as": member.display_name})


def request_consents(*, project: ShowcaseProject, actor) -> int:
    """Ask every credited member for consent (a fresh round: earlier answers are reset).
    Moves the project to *awaiting consent*. Returns the number of requests sent."""
    with transaction.atomic():
        project = _locked(project)
        members = list(project.members.select_related("user"))
        if not members:
            raise ShowcaseError(_("Credit at least one team member before asking for "
                                  "consent."))
        _move(project, S.AWAITING_CONSENT, actor=actor, action="showcase.consents_requested",
              data={"members": len(members), "text_version": CONSENT_TEXT_VERSION})
        for member in members:
            _ask(member, project)
    return len(members)


def all_consents_in(project: ShowcaseProject) -> bool:
    states = list(project.members.values_list("consent", flat=True))
    return bool(states) and all(s == ConsentState.APPROVED for s in states)


def answer_consent(*, member: CreditedMember, decision: str, actor) -> CreditedMember:
    """A credited member approves, declines or withdraws consent.

    Withdrawing from a published project takes it down at once. The answer is recorded with
    its time and the version of the consent text.
    """
    if decision not in (ConsentState.APPROVED, ConsentState.DECLINED, ConsentState.WITHDRAWN):
        raise ShowcaseError(_("Unknown answer."))
    with transaction.atomic():
        # The member acts on their own credit, whatever the hub: no hub scope applies.
        with scopes_disabled():
            member = CreditedMember.objects.select_for_update().get(pk=member.pk)
            project = _locked(member.project)
            if actor.pk != member.user_id:
                raise ShowcaseError(_("Only the person credited can answer."))
            allowed = {
                ConsentState.APPROVED: (S.AWAITING_CONSENT,),
                ConsentState.DECLINED: (S.AWAITING_CONSENT,),
                ConsentState.WITHDRAWN: (S.AWAITING_CONSENT, S.PUBLISHED),
            }[decision]
            if project.state not in allowed or member.consent == ConsentState.NOT_ASKED:
                raise ShowcaseError(_("There is no open consent request for this project."))
            if decision == ConsentState.WITHDRAWN and member.consent != ConsentState.APPROVED:
                raise ShowcaseError(_("You can only withdraw a consent you gave."))
            if member.consent == decision:
                return member
            member.consent = decision
            member.consent_at = timezone.now()
            member.consent_version = CONSENT_TEXT_VERSION
            member.save(update_fields=["consent", "consent_at", "consent_version"])
            ConsentRecord.objects.create(member=member, decision=decision,
                                         text_version=CONSENT_TEXT_VERSION,
                                         created=member.consent_at)
            audit.record(actor=actor, action="showcase.consent_answered", target=project,
                         hub=project.hub, data={"member": member.pk, "decision": decision,
                                                "text_version": CONSENT_TEXT_VERSION})
            if decision == ConsentState.WITHDRAWN and project.state == S.PUBLISHED:
                _move(project, S.WITHDRAWN, actor=actor, action="showcase.project_withdrawn",
                      data={"reason": "consent_withdrawn", "member": member.pk})
            _tell_staff(project, member, decision)
    return member


def _tell_staff(project, member, decision):
    if project.created_by_id is None:
        return
    ready = decision == ConsentState.APPROVED and all_consents_in(project)
    if decision == ConsentState.APPROVED and not ready:
        return
    notify(user=project.created_by, kind="showcase.consent_update", hub=project.hub,
           url=reverse("showcase_console:detail",
                       kwargs={"hub_slug": project.hub.slug, "pk": project.pk}),
           context={"project": project.title, "member": member.display_name,
                    "decision": str(ConsentState(decision).label), "ready": ready,
                    "taken_down": project.state == S.WITHDRAWN})


def publish_project(*, project: ShowcaseProject, actor) -> ShowcaseProject:
    """Make the project public. Refused unless every credited member has approved."""
    with transaction.atomic():
        project = _locked(project)
        if project.state == S.AWAITING_CONSENT and not all_consents_in(project):
            raise ShowcaseError(_("Every credited member must approve before the project is "
                                  "published."))
        _move(project, S.PUBLISHED, actor=actor, action="showcase.project_published")
        for member in project.members.select_related("user"):
            notify(user=member.user, kind="showcase.published", hub=project.hub,
                   url=project.get_absolute_url(),
                   context={"project": project.title, "hub": project.hub.name})
    return project


def set_presented(*, project: ShowcaseProject, event, presented: bool, actor) -> None:
    """Put a published project on (or off) the final event's programme."""
    with transaction.atomic():
        project = _locked(project)
        if presented and project.state != S.PUBLISHED:
            raise ShowcaseError(_("Only a published project can be presented at the event."))
        if presented:
            event.projects.add(project)
        else:
            event.projects.remove(project)
        audit.record(actor=actor, action="showcase.event_programme_changed", target=project,
                     data={"event": event.pk, "presented": presented})


def withdraw_project(*, project: ShowcaseProject, actor, reason: str = "") -> ShowcaseProject:
    """Take a published project down (staff decision)."""
    with transaction.atomic():
        project = _locked(project)
        _move(project, S.WITHDRAWN, actor=actor, action="showcase.project_withdrawn",
              data={"reason": reason or "staff"})
    return project


def return_to_draft(*, project: ShowcaseProject, actor) -> ShowcaseProject:
    """Stop collecting consents (or reopen a withdrawn project) to edit the team."""
    with transaction.atomic():
        project = _locked(project)
        _move(project, S.DRAFT, actor=actor, action="showcase.project_returned_to_draft")
        project.members.update(consent=ConsentState.NOT_ASKED)
    return project


# --- Interest from visitors ---------------------------------------------------------------

def _within_limit(key: str, limit: int, window: int) -> bool:
    cache.add(key, 0, window)
    try:
        return cache.incr(key) <= limit
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        return True


def send_interest(*, project: ShowcaseProject, name: str, email: str, kind: str,
                  message: str, organisation: str = "", ip: str = "") -> InterestMessage:
    """Deliver a visitor's message to the credited members as notifications.

    Rate limited per sender address and per client IP (counters in Redis). The visitor's
    address goes to the team; the team's addresses never go to the visitor.
    """
    email = email.strip().lower()
    if kind not in InterestKind.values:
        raise ShowcaseError(_("Please choose a kind of interest."))
    per_email, per_ip = INTEREST_LIMIT_PER_EMAIL, INTEREST_LIMIT_PER_IP
    if not _within_limit(f"showcase:interest:email:{email}", *per_email) or (
            ip and not _within_limit(f"showcase:interest:ip:{ip}", *per_ip)):
        raise RateLimited(_("You have sent several messages in a short time. Please try "
                            "again in an hour."))
    with transaction.atomic(), scopes_disabled():  # visitor on a public page: any hub
        if not public_projects().filter(pk=project.pk).exists():
            raise ShowcaseError(_("This project is not on show any more."))
        interest = InterestMessage.objects.create(
            project=project, name=name, organisation=organisation, email=email, kind=kind,
            message=message)
        audit.record(actor=None, action="showcase.interest_sent", target=project,
                     hub=project.hub, data={"interest": interest.pk, "kind": kind})
        for member in project.members.select_related("user"):
            notify(user=member.user, kind="showcase.interest", hub=project.hub,
                   url=project.get_absolute_url(),
                   context={"project": project.title, "visitor_name": name,
                            "visitor_organisation": organisation, "visitor_email": email,
                            "interest_kind": str(InterestKind(kind).label), "message": message},
                   dedup_key=f"showcase.interest:{interest.pk}:{member.pk}")
    return interest
