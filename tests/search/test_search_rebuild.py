"""The full rebuild: fast paths (URL templates, indexes built once) give the same index."""

import pytest
from django.db import connection
from django.utils import translation

from articles.search import SearchEntry, rebuild_all
from articles.search.indexing.rebuild import secondary_indexes_present
from articles.search.kinds import MODEL_OF_KIND

pytestmark = pytest.mark.django_db

OWN_PAGES = ("article", "statement", "person", "organization", "document", "meeting")


def test_rebuilt_entries_link_to_each_objects_own_page(seed):
    rebuild_all(batch_size=3)
    for kind in OWN_PAGES:
        model = MODEL_OF_KIND[kind]
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


def test_an_interrupted_rebuild_is_finished_without_redoing_what_was_written(seed):
    rebuild_all()
    kept = dict(SearchEntry.objects.values_list("id", "indexed_at"))
    lost = list(SearchEntry.objects.filter(kind__in=["statement", "photo"]).order_by("id")[:7])
    SearchEntry.objects.filter(id__in=[entry.id for entry in lost]).delete()
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX search_entry_vi")  # the rebuild was stopped mid-way

    assert rebuild_all(missing_only=True) == len(lost)

    back = SearchEntry.objects.filter(
        kind__in=[entry.kind for entry in lost], object_id__in=[e.object_id for e in lost]
    )
    assert sorted(back.values_list("kind", "object_id", "title_vi")) == sorted(
        (entry.kind, entry.object_id, entry.title_vi) for entry in lost
    )
    untouched = SearchEntry.objects.exclude(id__in=back.values("id"))
    assert dict(untouched.values_list("id", "indexed_at")) == {
        id_: at for id_, at in kept.items() if id_ not in {entry.id for entry in lost}
    }
    assert secondary_indexes_present() == {index.name for index in SearchEntry._meta.indexes}
