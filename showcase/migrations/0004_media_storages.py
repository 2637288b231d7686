"""Public images and private files in separate storages (issue 13); existing files move
from the old single media folder (creaconnect.core.storage_moves: idempotent, nothing lost)."""

import creaconnect.core.storage
import showcase.models
from django.db import migrations, models

from creaconnect.core import storage_moves


def move_files(apps, schema_editor):
    project, image = apps.get_model("showcase", "ShowcaseProject"), apps.get_model(
        "showcase", "GalleryImage")
    for model, field in ((project, "cover"), (project, "cover_card"), (image, "image"),
                         (image, "thumb")):
        storage_moves.move_field_files(model, field, storage_moves.public_image)


class Migration(migrations.Migration):
    atomic = False  # each row's new name is committed before its old file is deleted

    dependencies = [
        ('showcase', '0003_published_has_date'),
    ]

    operations = [
        migrations.AlterField(
            model_name='galleryimage',
            name='image',
            field=models.ImageField(storage=creaconnect.core.storage.public_storage, upload_to=showcase.models.gallery_path, verbose_name='image'),
        ),
        migrations.AlterField(
            model_name='galleryimage',
            name='thumb',
            field=models.ImageField(editable=False, storage=creaconnect.core.storage.public_storage, upload_to=showcase.models.gallery_path),
        ),
        migrations.AlterField(
            model_name='showcaseproject',
            name='cover',
            field=models.ImageField(blank=True, storage=creaconnect.core.storage.public_storage, upload_to=showcase.models.cover_path, verbose_name='cover image'),
        ),
        migrations.AlterField(
            model_name='showcaseproject',
            name='cover_card',
            field=models.ImageField(blank=True, editable=False, storage=creaconnect.core.storage.public_storage, upload_to=showcase.models.cover_path),
        ),
        migrations.RunPython(move_files, migrations.RunPython.noop),
    ]
