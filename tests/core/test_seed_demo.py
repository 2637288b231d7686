import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled


def row_counts():
    with scopes_disabled():
        return {m._meta.label: m._default_manager.count() for m in apps.get_models()
                if m._meta.app_label in {"accounts", "hubs", "account", "core",
                                         "programme", "hackathons", "showcase"}}


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    call_command("seed_demo", verbosity=0)
    first = row_counts()
    call_command("seed_demo", verbosity=0)
    assert row_counts() == first
    assert first["hubs.Hub"] == 6
    assert first["accounts.User"] >= 10


@pytest.mark.django_db
def test_seed_demo_refuses_production(settings):
    settings.DEBUG = False
    settings.TESTING = False
    with pytest.raises(CommandError):
        call_command("seed_demo", verbosity=0)


@pytest.mark.django_db
def test_every_demo_login_sees_its_roles_world():
    """The README's demo participant is in a cohort with sessions, milestones and a mentor;
    the demo mentor's participants are different people (not one name per hub)."""
    from programme.models import (
        CohortMember,
        MentorAssignment,
        MentoringSession,
        MilestoneSubmission,
        SessionSignup,
    )

    call_command("seed_demo", verbosity=0)
    with scopes_disabled():
        member = CohortMember.objects.select_related("cohort").get(
            user__email="participant@creaconnect.test")
        assert member.cohort.sessions.exists()
        assert member.cohort.milestones.exists()
        assert SessionSignup.objects.filter(member=member).exists()
        assert MilestoneSubmission.objects.filter(member=member).exists()
        pairing = MentorAssignment.objects.get(member=member)
        assert pairing.mentor.email == "mentor@creaconnect.test"
        assert MentoringSession.objects.filter(assignment=pairing).exists()
        names = list(MentorAssignment.objects.filter(mentor=pairing.mentor)
                     .values_list("member__user__display_name", flat=True))
        assert len(names) > 1, names
        assert len(set(names)) == len(names), names
        logs = list(MentoringSession.objects.filter(assignment__mentor=pairing.mentor)
                    .values_list("date", "topics"))
        assert len(set(logs)) == len(logs)
