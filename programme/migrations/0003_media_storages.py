"""Application files and milestone evidence move from the old single media folder into the
private storage (issue 13); the ``private/`` prefix of their names goes
(creaconnect.core.storage_moves: idempotent, nothing lost)."""

from django.db import migrations

from creaconnect.core import storage_moves


def move_files(apps, schema_editor):
    storage_moves.move_field_files(apps.get_model("programme", "Answer"), "file",
                                   storage_moves.drop_private_prefix)
    storage_moves.move_field_files(apps.get_model("programme", "MilestoneSubmission"), "file",
                                   storage_moves.drop_private_prefix)


class Migration(migrations.Migration):
    atomic = False  # each row's new name is committed before its old file is deleted

    dependencies = [
        ("programme", "0002_translations"),
    ]

    operations = [
        migrations.RunPython(move_files, migrations.RunPython.noop),
    ]
