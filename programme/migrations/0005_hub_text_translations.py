# Per-language versions of the texts a hub writes (questions, criteria, milestones, training
# sessions, office hours), read through creaconnect.core.i18n_content.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0004_office_hours"),
    ]

    operations = [
        migrations.AddField(
            model_name=model,
            name="translations",
            field=models.JSONField(blank=True, default=dict, verbose_name="translations"),
        )
        for model in ("question", "criterion", "trainingsession", "milestone", "officehourslot")
    ]
