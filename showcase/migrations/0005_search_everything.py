"""Search covers theme, tags, hub, city, source and challenge, with stemming per language.

A new IMMUTABLE function ``showcase_search_vector_v2(title, tagline, story, extra)`` builds the
unaccented, weighted vector once per text search configuration (simple, english, french,
spanish, italian); ``extra`` is the new ``search_text`` column, filled by
``ShowcaseProject.save`` (see :mod:`showcase.search`). A stored generated column cannot change
its expression in place, so the column and its GIN index are dropped and added again.
"""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

import showcase.models

CONFIGS = ("simple", "english", "french", "spanish", "italian")

PART = r"""
CREATE OR REPLACE FUNCTION public.showcase_search_part(cfg regconfig, title text, tagline text,
                                                       story text, extra text)
RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT setweight(to_tsvector(cfg, public.showcase_unaccent(coalesce(title, ''))), 'A')
    || setweight(to_tsvector(cfg, public.showcase_unaccent(coalesce(tagline, ''))), 'B')
    || setweight(to_tsvector(cfg, public.showcase_unaccent(coalesce(extra, ''))), 'B')
    || setweight(to_tsvector(cfg, public.showcase_unaccent(
                     regexp_replace(coalesce(story, ''), '<[^>]*>', ' ', 'g'))), 'C')
$$;
"""

V2 = """
CREATE OR REPLACE FUNCTION public.showcase_search_vector_v2(title text, tagline text, story text,
                                                            extra text)
RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT {parts}
$$;
""".format(parts="\n    || ".join(
    f"public.showcase_search_part('pg_catalog.{c}'::regconfig, title, tagline, story, extra)"
    for c in CONFIGS))

DROP = """
DROP FUNCTION IF EXISTS public.showcase_search_vector_v2(text, text, text, text);
DROP FUNCTION IF EXISTS public.showcase_search_part(regconfig, text, text, text, text);
"""


def fill_search_text(apps, schema_editor):
    from showcase.search import challenge_title, search_text

    Project = apps.get_model("showcase", "ShowcaseProject")
    for p in Project.objects.select_related("hub").iterator(chunk_size=500):
        p.search_text = search_text(
            theme=p.theme, disciplines=p.disciplines, looking_for=p.looking_for,
            hub_name=p.hub.name, hub_city=p.hub.city, source_label=p.source_label,
            challenge=challenge_title(p.source_id if p.source_kind == "hackathon_submission"
                                      else None))
        p.save(update_fields=["search_text"])


class Migration(migrations.Migration):

    dependencies = [
        ("showcase", "0004_media_storages"),
        ("hackathons", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(PART + V2, DROP),
        migrations.RemoveIndex(model_name="showcaseproject", name="showcase_search_gin"),
        migrations.RemoveField(model_name="showcaseproject", name="search_vector"),
        migrations.AddField(
            model_name="showcaseproject", name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="showcaseproject", name="search_vector",
            field=models.GeneratedField(
                db_persist=True,
                expression=showcase.models.SearchVectorV2(
                    models.F("title"), models.F("tagline"), models.F("story"),
                    models.F("search_text")),
                output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name="showcaseproject",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"],
                                                           name="showcase_search_gin"),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
