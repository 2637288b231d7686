"""Fill the lineage foreign keys from the old loose ``source_kind``/``source_id`` pair: a
hackathon submission gives the submission and its team; a programme project (an application
id) gives the cohort membership that application led to. Ids that no longer exist stay empty
(the visitor-facing ``source_label`` is kept)."""

from django.db import migrations


def fill(apps, schema_editor):
    Project = apps.get_model("showcase", "ShowcaseProject")
    Submission = apps.get_model("hackathons", "Submission")
    CohortMember = apps.get_model("programme", "CohortMember")
    projects = list(Project.objects.exclude(source_kind="").exclude(source_id=None))
    submission_ids = {p.source_id for p in projects if p.source_kind == "hackathon_submission"}
    application_ids = {p.source_id for p in projects if p.source_kind == "programme_project"}
    teams = dict(Submission.objects.filter(pk__in=submission_ids).values_list("pk", "team_id"))
    members = dict(CohortMember.objects.filter(application_id__in=application_ids)
                   .values_list("application_id", "pk"))
    for p in projects:
        if p.source_kind == "hackathon_submission" and p.source_id in teams:
            p.from_submission_id, p.from_team_id = p.source_id, teams[p.source_id]
        elif p.source_kind == "programme_project" and p.source_id in members:
            p.from_cohort_member_id = members[p.source_id]
        else:
            continue
        p.save(update_fields=["from_submission", "from_team", "from_cohort_member"])


def unfill(apps, schema_editor):
    Project = apps.get_model("showcase", "ShowcaseProject")
    CohortMember = apps.get_model("programme", "CohortMember")
    for p in Project.objects.exclude(from_submission=None):
        p.source_kind, p.source_id = "hackathon_submission", p.from_submission_id
        p.save(update_fields=["source_kind", "source_id"])
    applications = dict(CohortMember.objects.values_list("pk", "application_id"))
    for p in Project.objects.filter(from_submission=None).exclude(from_cohort_member=None):
        if applications.get(p.from_cohort_member_id):
            p.source_kind = "programme_project"
            p.source_id = applications[p.from_cohort_member_id]
            p.save(update_fields=["source_kind", "source_id"])


class Migration(migrations.Migration):

    dependencies = [
        ("showcase", "0006_project_lineage"),
    ]

    operations = [
        migrations.RunPython(fill, unfill),
    ]
