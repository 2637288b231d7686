"""Hackathon submission files move from the old single media folder into the private storage
(issue 13; creaconnect.core.storage_moves: idempotent, nothing lost)."""

from django.db import migrations

from creaconnect.core import storage_moves


def move_files(apps, schema_editor):
    storage_moves.move_field_files(apps.get_model("hackathons", "SubmissionFile"), "file")


class Migration(migrations.Migration):
    atomic = False  # each row's new name is committed before its old file is deleted

    dependencies = [
        ("hackathons", "0002_translations"),
    ]

    operations = [
        migrations.RunPython(move_files, migrations.RunPython.noop),
    ]
