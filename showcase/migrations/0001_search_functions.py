"""Accent-insensitive full-text search: the ``unaccent`` extension and two IMMUTABLE SQL
wrappers, so the search vector can be a stored generated column with a GIN index.

``unaccent()`` itself is only STABLE (it reads its dictionary through the search path);
naming the dictionary and schema explicitly makes the result fixed, hence IMMUTABLE.
The ``simple`` configuration (no stemming) serves our five languages alike.
"""

from django.db import migrations

# Accented letters of our five languages (and neighbours) and their plain forms, for servers
# without the ``unaccent`` extension (the embedded pgserver PostgreSQL has no contrib modules).
ACCENTED = "ÀÁÂÃÄÅàáâãäåÈÉÊËèéêëÌÍÎÏìíîïÒÓÔÕÖòóôõöÙÚÛÜùúûüÇçÑñČčĆćŠšŽžĐđÝýÿŒœ"
PLAIN = "AAAAAAaaaaaaEEEEeeeeIIIIiiiiOOOOOoooooUUUUuuuuCcNnCcCcSsZzDdYyyOo"
assert len(ACCENTED) == len(PLAIN)

UNACCENT = f"""
DO $do$
BEGIN
  BEGIN
    CREATE EXTENSION IF NOT EXISTS unaccent;
  EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'unaccent is not available: using a built-in transliteration';
  END;
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') THEN
    EXECUTE $f$CREATE OR REPLACE FUNCTION public.showcase_unaccent(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $b$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $b$$f$;
  ELSE
    EXECUTE $f$CREATE OR REPLACE FUNCTION public.showcase_unaccent(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $b$ SELECT translate($1, '{ACCENTED}', '{PLAIN}') $b$$f$;
  END IF;
END
$do$;
"""

FUNCTIONS = r"""

CREATE OR REPLACE FUNCTION public.showcase_search_vector(title text, tagline text, story text)
RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT setweight(to_tsvector('pg_catalog.simple'::regconfig,
                             public.showcase_unaccent(coalesce(title, ''))), 'A')
    || setweight(to_tsvector('pg_catalog.simple'::regconfig,
                             public.showcase_unaccent(coalesce(tagline, ''))), 'B')
    || setweight(to_tsvector('pg_catalog.simple'::regconfig,
                             public.showcase_unaccent(regexp_replace(coalesce(story, ''),
                                                                     '<[^>]*>', ' ', 'g'))),
                 'C')
$$;
"""

DROP = """
DROP FUNCTION IF EXISTS public.showcase_search_vector(text, text, text);
DROP FUNCTION IF EXISTS public.showcase_unaccent(text);
"""


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []

    operations = [
        migrations.RunSQL(UNACCENT, migrations.RunSQL.noop),
        migrations.RunSQL(FUNCTIONS, DROP),
    ]
