"""The showcase's part of a personal data export, the consent list and an account erasure."""

from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from creaconnect.core import registry
from creaconnect.core.privacy import FORMER_MEMBER, anonymous_email

from .models import (
    ConsentRecord,
    ConsentState,
    CreditedMember,
    InterestMessage,
    ProjectState,
    ShowcaseProject,
)
from .services import answer_consent


class ShowcasePrivacy:
    key = "showcase"
    order = 40
    label = _("Showcase")

    def _credits(self, user):
        return CreditedMember.objects.filter(user=user).select_related("project")

    @scopes_disabled()  # the person's own rows, in whichever hub they are
    def export(self, user):
        credits = list(self._credits(user))
        history = ConsentRecord.objects.filter(member__in=credits).order_by("created")
        return {
            "credits": [
                {"project": m.project.title, "address": m.project.get_absolute_url(),
                 "credited_as": m.display_name, "role": m.role, "hidden": m.hidden,
                 "consent": m.consent, "consent_at": m.consent_at,
                 "consent_version": m.consent_version}
                for m in credits
            ],
            "consent_history": [
                {"project_credit": r.member_id, "decision": r.decision,
                 "text_version": r.text_version, "time": r.created} for r in history
            ],
            "interest_expressed": [
                {"project": i.project.title, "name": i.name, "organisation": i.organisation,
                 "email": i.email, "kind": i.kind, "message": i.message, "sent": i.created}
                for i in InterestMessage.objects.filter(email__iexact=user.email)
                .select_related("project")
            ],
        }

    def files(self, user):
        return []

    @scopes_disabled()
    def consents(self, user):
        return [
            {"id": f"{self.key}:{m.pk}",
             "label": _("Publication in the showcase: “%(project)s”") % {
                 "project": m.project.title},
             "version": m.consent_version, "given_at": m.consent_at,
             "state": m.get_consent_display(),
             "active": m.consent == ConsentState.APPROVED,
             "withdrawable": (m.consent == ConsentState.APPROVED and m.project.state in (
                 ProjectState.AWAITING_CONSENT, ProjectState.PUBLISHED))}
            for m in self._credits(user).exclude(consent=ConsentState.NOT_ASKED)
        ]

    @scopes_disabled()
    def withdraw_consent(self, user, consent_id: str) -> bool:
        member = self._credits(user).filter(pk=consent_id).first()
        if member is None:
            return False
        # The showcase's own service takes a published project down at once.
        answer_consent(member=member, decision=ConsentState.WITHDRAWN, actor=user)
        return True

    @scopes_disabled()
    def anonymise(self, user, identity):
        # Credits stay (the project's team size and consents are unchanged) as "former member".
        self._credits(user).update(display_name=FORMER_MEMBER, role="")
        InterestMessage.objects.filter(email__iexact=identity.email).update(
            name=FORMER_MEMBER, organisation="", email=anonymous_email(user.pk), message="")
        for interest in InterestMessage.objects.filter(identity.q("name", "message")):
            interest.name = identity.scrub(interest.name)[:120]
            interest.message = identity.scrub(interest.message)
            interest.save(update_fields=["name", "message"])
        for project in ShowcaseProject.objects.filter(
                identity.q("tagline", "story", "cover_alt")):
            project.tagline = identity.scrub(project.tagline)[:200]
            project.story = identity.scrub(project.story)
            project.cover_alt = identity.scrub(project.cover_alt)[:200]
            project.save(update_fields=["tagline", "story", "cover_alt"])


registry.privacy_providers.append(ShowcasePrivacy())
