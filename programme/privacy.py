"""The programme's part of a personal data export and of an account erasure."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled

from creaconnect.core import registry
from creaconnect.core.privacy import anonymous_email
from creaconnect.reports.models import Report

from .models import (
    Answer,
    Application,
    ApplicationState,
    Certificate,
    CoApplicant,
    CohortMember,
    MentoringSession,
    MilestoneSubmission,
    OfficeHourBooking,
    OfficeHourSlot,
    Review,
    SessionSignup,
)


def _mentoring(session, *, as_mentor: bool) -> dict:
    row = {"date": session.date, "minutes": session.duration_minutes, "topics": session.topics,
           "notes_for_participant": session.shared_notes}
    if as_mentor:
        row["private_notes"] = session.private_notes
        row["participant"] = str(session.assignment.member.user)
    else:
        row["mentor"] = str(session.assignment.mentor)
    return row


class ProgrammePrivacy:
    key = "programme"
    order = 20
    label = _("Joint support programme")

    @scopes_disabled()  # the person's own rows, in whichever hub they are
    def export(self, user):
        applications = (Application.objects.filter(applicant=user)
                        .select_related("call__hub").prefetch_related("answers__question"))
        members = CohortMember.objects.filter(user=user).select_related("cohort__hub")
        return {
            "applications": [{
                "call": a.call.title, "hub": a.call.hub.name, "project_title": a.project_title,
                "state": a.state, "created": a.created, "submitted_at": a.submitted_at,
                "decided_at": a.decided_at, "message_to_you": a.decision_message,
                "answers": [{"question": ans.question.label, "value": ans.value,
                             "file": ans.file.name if ans.file else ""}
                            for ans in a.answers.all()],
            } for a in applications],
            "co_applications": [
                {"application": c.application.project_title, "accepted_at": c.accepted_at}
                for c in CoApplicant.objects.filter(Q(user=user) | Q(email__iexact=user.email))
                .select_related("application")
            ],
            "reviews_written": [{
                "application": r.application_id, "call": r.application.call.title,
                "comment": r.comment, "total": r.total,
                "scores": {s.criterion.name: s.score for s in r.scores.all()},
            } for r in Review.objects.filter(reviewer=user)
                .select_related("application__call").prefetch_related("scores__criterion")],
            "cohort_memberships": [
                {"cohort": m.cohort.name, "hub": m.cohort.hub.name, "status": m.status,
                 "joined": m.joined_at} for m in members
            ],
            "training_sessions": [
                {"session": s.session.title, "starts_at": s.session.starts_at,
                 "attended": s.attended}
                for s in SessionSignup.objects.filter(member__user=user).select_related("session")
            ],
            "mentoring_received": [
                _mentoring(s, as_mentor=False) for s in MentoringSession.objects.filter(
                    assignment__member__user=user).select_related("assignment__mentor")
            ],
            "mentoring_given": [
                _mentoring(s, as_mentor=True) for s in MentoringSession.objects.filter(
                    assignment__mentor=user).select_related("assignment__member__user")
            ],
            "milestones": [
                {"milestone": s.milestone.title, "text": s.text, "link": s.link,
                 "file": s.file.name if s.file else "", "state": s.state,
                 "feedback": s.feedback, "submitted_at": s.submitted_at}
                for s in MilestoneSubmission.objects.filter(member__user=user)
                .select_related("milestone")
            ],
            "office_hours_booked": [
                {"mentor": str(b.slot.mentor), "starts_at": b.slot.starts_at,
                 "status": b.status, "topic": b.topic, "rating": b.rating,
                 "comment": b.rating_comment}
                for b in OfficeHourBooking.objects.filter(person=user)
                .select_related("slot__mentor")
            ],
            "office_hours_offered": [
                {"hub": slot.hub.name, "starts_at": slot.starts_at,
                 "minutes": slot.duration_minutes, "withdrawn_at": slot.withdrawn_at}
                for slot in OfficeHourSlot.objects.filter(mentor=user).select_related("hub")
            ],
            "certificates": [
                {"code": c.code, "issued_at": c.issued_at, "cohort": c.member.cohort.name}
                for c in Certificate.objects.filter(member__user=user)
                .select_related("member__cohort")
            ],
        }

    @scopes_disabled()
    def files(self, user):
        found = [a.file for a in Answer.objects.filter(application__applicant=user)
                 .exclude(file="")]
        found += [s.file for s in MilestoneSubmission.objects.filter(member__user=user)
                  .exclude(file="")]
        report_ids = Certificate.objects.filter(member__user=user).values("report_id")
        found += [r.file for r in Report.objects.filter(pk__in=report_ids).exclude(file="")]
        return found

    @scopes_disabled()
    def anonymise(self, user, identity):
        # Applications stay (counts per call, decisions, reviews); what the person wrote goes.
        for answer in Answer.objects.filter(application__applicant=user):
            identity.discard(answer.file)
        Answer.objects.filter(application__applicant=user).update(value=None, file="")
        Application.objects.filter(applicant=user).update(decision_message="")
        for application in Application.objects.filter(identity.q("project_title")):
            application.project_title = identity.scrub(application.project_title)[:200]
            application.save(update_fields=["project_title"])
        CoApplicant.objects.filter(Q(user=user) | Q(email__iexact=identity.email)).update(
            email=anonymous_email(user.pk))
        for review in Review.objects.filter(identity.q("comment")):
            review.comment = identity.scrub(review.comment)
            review.save(update_fields=["comment"])
        # Mentoring: their private notes as a mentor go; notes about them lose their name.
        MentoringSession.objects.filter(assignment__mentor=user).update(private_notes="")
        for session in MentoringSession.objects.filter(
                identity.q("topics", "private_notes", "shared_notes")):
            session.topics = identity.scrub(session.topics)[:300]
            session.private_notes = identity.scrub(session.private_notes)
            session.shared_notes = identity.scrub(session.shared_notes)
            session.save(update_fields=["topics", "private_notes", "shared_notes"])
        # Office hours stay for the use figures; what the person wrote goes, names are
        # scrubbed from what others wrote about them.
        OfficeHourBooking.objects.filter(person=user).update(topic="", rating_comment="")
        for booking in OfficeHourBooking.objects.filter(identity.q("topic", "rating_comment")):
            booking.topic = identity.scrub(booking.topic)[:300]
            booking.rating_comment = identity.scrub(booking.rating_comment)[:500]
            booking.save(update_fields=["topic", "rating_comment"])
        evidence = MilestoneSubmission.objects.filter(member__user=user)
        for submission in evidence:
            identity.discard(submission.file)
        evidence.update(text="", link="", file="")
        for submission in MilestoneSubmission.objects.filter(identity.q("feedback")):
            submission.feedback = identity.scrub(submission.feedback)
            submission.save(update_fields=["feedback"])
        # Certificates stay verifiable by code; the PDF with their name is deleted.
        certificates = Certificate.objects.filter(member__user=user, report_id__isnull=False)
        for report in Report.objects.filter(pk__in=certificates.values("report_id")):
            identity.discard(report.file)
            report.delete()
        certificates.update(report_id=None)

    @scopes_disabled()  # a programme-wide job
    def apply_retention(self, now):
        """Files of rejected applications go once the retention period after the decision
        has passed (``RETENTION_REJECTED_APPLICATION_FILES_DAYS``)."""
        limit = now - timedelta(days=settings.RETENTION_REJECTED_APPLICATION_FILES_DAYS)
        answers = Answer.objects.filter(application__state=ApplicationState.REJECTED,
                                        application__decided_at__lt=limit).exclude(file="")
        count = 0
        for answer in answers:
            answer.file.delete(save=False)
            Answer.objects.filter(pk=answer.pk).update(file="")
            count += 1
        return {"rejected_application_files": count}


registry.privacy_providers.append(ProgrammePrivacy())
