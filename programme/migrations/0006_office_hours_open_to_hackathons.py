from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("programme", "0005_hub_text_translations"),
        ("programme", "0005_review_rounds"),
    ]

    operations = [
        migrations.AddField(
            model_name="officehourspolicy",
            name="open_to_hackathons",
            field=models.BooleanField(
                default=False,
                help_text="Registered participants and team members of the hub's hackathons; "
                          "a team's own mentor is always bookable by the team.",
                verbose_name="anyone taking part in the hub's hackathons may book"),
        ),
    ]
