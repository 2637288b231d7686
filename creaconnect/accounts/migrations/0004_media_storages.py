"""Public images and private files in separate storages (issue 13); existing files move
from the old single media folder (creaconnect.core.storage_moves: idempotent, nothing lost)."""

import creaconnect.accounts.models
import creaconnect.core.storage
from django.db import migrations, models

from creaconnect.core import storage_moves


def move_files(apps, schema_editor):
    storage_moves.move_field_files(apps.get_model("accounts", "Profile"), "avatar",
                                   storage_moves.public_image)
    storage_moves.move_field_files(apps.get_model("accounts", "DataExport"), "file",
                                   storage_moves.unguessable)


class Migration(migrations.Migration):
    atomic = False  # each row's new name is committed before its old file is deleted

    dependencies = [
        ('accounts', '0003_usersession'),
    ]

    operations = [
        migrations.AlterField(
            model_name='profile',
            name='avatar',
            field=models.ImageField(blank=True, storage=creaconnect.core.storage.public_storage, upload_to=creaconnect.accounts.models.avatar_path, verbose_name='avatar'),
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop),
    ]
