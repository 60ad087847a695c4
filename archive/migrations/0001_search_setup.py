"""Database extensions, text search configurations and immutable helpers used by search.

Adapted from ../shared/search-recipe.sql (verified on PostgreSQL 18). Every other app's first
migration depends on this one.
"""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations

FORWARD = r"""
-- Vietnamese: fold accents in every token type that can carry letters; no stemming, no stop words.
CREATE TEXT SEARCH CONFIGURATION public.vi (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION public.vi
  ALTER MAPPING FOR word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, simple;
-- Accent-preserving twin, only for the "user typed diacritics" ranking bonus.
CREATE TEXT SEARCH CONFIGURATION public.vi_exact (COPY = simple);
-- English: unaccent + Snowball stemming WITHOUT stop words, so Vietnamese syllables such as
-- "To", "An" or "My" in English text survive.
CREATE TEXT SEARCH DICTIONARY public.english_stem_nostop (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION public.en_vn (COPY = english);
ALTER TEXT SEARCH CONFIGURATION public.en_vn
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart WITH english_stem_nostop;
ALTER TEXT SEARCH CONFIGURATION public.en_vn
  ALTER MAPPING FOR word, hword, hword_part WITH unaccent, english_stem_nostop;

-- unaccent() is only STABLE; these wrappers name the dictionary by schema so they are safe to
-- declare IMMUTABLE and to use in generated columns and index expressions.
CREATE FUNCTION public.immutable_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN public.unaccent('public.unaccent'::regdictionary, $1);
CREATE FUNCTION public.vn_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN lower(public.immutable_unaccent($1));
-- Names: fold accents and treat the y/i spelling variants (Quý / Quí) as one.
CREATE FUNCTION public.vn_name_key(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN regexp_replace(public.vn_fold($1), '\m(qu|[b-df-hj-np-tv-xz]+)y\M', '\1i', 'g');
-- The parser splits "11-QĐ/TW" differently from "11-QD/TW": fold - and / to spaces first.
CREATE FUNCTION public.vn_fts_prep(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN regexp_replace($1, '(\S)[-/–]+', '\1 ', 'g');
-- Document symbols: "11-QĐ/TW", "11 QD TW" and "11-qđ/tw" all become "11QDTW".
CREATE FUNCTION public.vn_code_key(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN regexp_replace(upper(public.immutable_unaccent($1)), '[^0-9A-Z]+', '', 'g');
CREATE FUNCTION public.vn_extract_codes(text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN ARRAY(SELECT DISTINCT m[1] FROM regexp_matches(public.immutable_unaccent($1),
               '\m([0-9]+(?:[-/][0-9A-Za-z]+)+)', 'g') m WHERE m[1] ~ '[A-Za-z]');
CREATE FUNCTION public.vn_code_keys(text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN ARRAY(SELECT public.vn_code_key(c) FROM unnest(public.vn_extract_codes($1)) c);
"""

BACKWARD = """
DROP FUNCTION public.vn_code_keys(text);
DROP FUNCTION public.vn_extract_codes(text);
DROP FUNCTION public.vn_code_key(text);
DROP FUNCTION public.vn_fts_prep(text);
DROP FUNCTION public.vn_name_key(text);
DROP FUNCTION public.vn_fold(text);
DROP FUNCTION public.immutable_unaccent(text);
DROP TEXT SEARCH CONFIGURATION public.en_vn;
DROP TEXT SEARCH DICTIONARY public.english_stem_nostop;
DROP TEXT SEARCH CONFIGURATION public.vi_exact;
DROP TEXT SEARCH CONFIGURATION public.vi;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        CreateExtension("unaccent"),
        CreateExtension("pg_trgm"),
        migrations.RunSQL(FORWARD, BACKWARD),
    ]
