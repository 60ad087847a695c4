"""The full rebuild: fast paths (URL templates, indexes built once) give the same index."""

import pytest
from django.db import connection
from django.utils import translation

from articles.search_index import SearchEntry
from articles.search_indexing import BUILDERS, rebuild_all, secondary_indexes_present

pytestmark = pytest.mark.django_db

OWN_PAGES = ("article", "statement", "person", "organization", "document", "meeting")


def test_rebuilt_entries_link_to_each_objects_own_page(seed):
    rebuild_all(batch_size=3)
    for kind in OWN_PAGES:
        model, _ = BUILDERS[kind]
        entries = SearchEntry.objects.filter(kind=kind)
        assert entries.count() == model.objects.count()
        for entry in entries:
            obj = model.objects.get(pk=entry.object_id)
            for lang in ("vi", "en"):
                with translation.override(lang):
                    assert getattr(entry, f"url_{lang}") == obj.get_absolute_url()


def test_the_rebuild_puts_back_every_index_even_one_missing_before(seed):
    every = {index.name for index in SearchEntry._meta.indexes}
    rebuild_all()
    assert secondary_indexes_present() == every
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX search_entry_vi")  # as after an interrupted rebuild
    rebuild_all()
    assert secondary_indexes_present() == every
