"""Reports (and certificates) move from the old single media folder into the private storage
(issue 13), with an unguessable part added to their names (creaconnect.core.storage_moves)."""

from django.db import migrations

from creaconnect.core import storage_moves


def move_files(apps, schema_editor):
    storage_moves.move_field_files(apps.get_model("reports", "Report"), "file",
                                   storage_moves.unguessable)


class Migration(migrations.Migration):
    atomic = False  # each row's new name is committed before its old file is deleted

    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(move_files, migrations.RunPython.noop),
    ]
