"""Public images and private files in separate storages (issue 13); existing files move
from the old single media folder (creaconnect.core.storage_moves: idempotent, nothing lost)."""

import creaconnect.core.storage
import hubs.models
from django.db import migrations, models

from creaconnect.core import storage_moves


def move_files(apps, schema_editor):
    storage_moves.move_field_files(apps.get_model("hubs", "Hub"), "logo",
                                   storage_moves.public_image)


class Migration(migrations.Migration):
    atomic = False  # each row's new name is committed before its old file is deleted

    dependencies = [
        ('hubs', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='hub',
            name='logo',
            field=models.ImageField(blank=True, storage=creaconnect.core.storage.public_storage, upload_to=hubs.models.logo_path, verbose_name='logo'),
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop),
    ]
