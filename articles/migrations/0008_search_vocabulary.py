"""The search index's own vocabulary, for "did you mean" (articles/search/vocabulary.py).

A plain table, not a model: only the search package reads and writes it, by SQL, and
`rebuild_search_index` refills it from the index (ts_stat). The trigram index finds the
known words closest to a word the index does not hold.
"""

from django.db import migrations

CREATE = """
CREATE TABLE public.search_word (
    word text PRIMARY KEY,
    key text NOT NULL,
    ndoc integer NOT NULL
);
CREATE INDEX search_word_key ON public.search_word (key);
CREATE INDEX search_word_key_trgm ON public.search_word USING gin (key gin_trgm_ops);
"""


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_statement_kind_spoke_unreported")]

    operations = [migrations.RunSQL(CREATE, "DROP TABLE IF EXISTS public.search_word")]
