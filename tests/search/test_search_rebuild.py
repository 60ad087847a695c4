"""The full rebuild: fast paths (URL templates, indexes built once) give the same index."""

from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from articles.search import SearchEntry, rebuild_all, vocabulary
from articles.search.indexing import writer
from articles.search.indexing.rebuild import secondary_indexes_present
from articles.search.indexing.writer import code_keys
from articles.search.kinds import MODEL_OF_KIND
from articles.search.planner import drop_slice_indexes

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


# Symbols as the seed and real texts write them, and the edges of the rule: accented letters
# the database folds, separators, a digit glued to a word, symbols without a letter.
SYMBOL_TEXTS = [
    "Thực hiện Quy định số 11-QĐ/TW và Nghị quyết 05/2024/NQ-HĐND, Kế hoạch 123/KH-UBND.",
    "Quyết định 1234/QĐ-UBND ngày 5/6/2024; văn bản 7/2023; số 12-3; mã 12-3a/ĐT.",
    "x11-QD/TW v12-ab 12_ab 9/ĐĐ 9/Đ-Ư-Ơ 40/Ø 7/ﬁ 8/Ⅻ 3-Æ/ß 45/2024/TT-BTC. 99-//ab",
    "",
]


def test_code_keys_in_python_are_the_databases_for_every_seed_entry(seed):
    """The writer finds symbols in Python: for every seed entry's text (and the edge cases
    above) it finds exactly what the database's public.vn_code_keys() finds."""
    rebuild_all()
    texts = [
        " ".join(row)
        for row in SearchEntry.objects.values_list(
            "title_vi", "title_en", "lead_vi", "lead_en", "body_vi", "body_en"
        )
    ] + SYMBOL_TEXTS
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT public.vn_code_keys(t) FROM unnest(%s::text[]) WITH ORDINALITY AS x(t, i)"
            " ORDER BY i",
            [texts],
        )
        expected = [set(keys) for (keys,) in cursor.fetchall()]
    assert [code_keys(text) for text in texts] == expected
    assert any(expected)  # the seed cites symbols: the comparison is not of empty sets
    assert {"11QDTW", "052024NQHDND", "123KHUBND"} <= expected[-4]


def test_a_rebuild_keeps_each_entrys_id_and_the_vectors_of_its_text(seed):
    """Existing entries are updated in place (not inserted again), and every stored vector and
    symbol key is what PostgreSQL computes from the entry's text."""
    rebuild_all()
    before = dict(SearchEntry.objects.values_list("id", "code_keys"))
    rebuild_all()
    assert dict(SearchEntry.objects.values_list("id", "code_keys")) == before
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM search_entry WHERE
               search_vi IS DISTINCT FROM
                  public.search_vector('public.vi', title_vi, lead_vi, body_vi)
               OR search_exact IS DISTINCT FROM
                  public.search_vector('public.vi_exact', title_vi, lead_vi, body_vi)
               OR search_en IS DISTINCT FROM
                  public.search_vector('public.en_vn', title_en, lead_en, body_en)
               OR NOT (public.vn_code_keys(concat_ws(' ', title_vi, title_en, lead_vi, lead_en,
                                                   body_vi, body_en)) <@ code_keys)"""
        )
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_forked_workers_count_the_same_vocabulary_as_one_process(run_manage):
    """With workers the rebuild's "did you mean" words are counted a share per worker: the
    table holds what one process counting every entry finds."""
    call_command("load_seed", verbosity=0)

    def words() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT word, key, ndoc FROM search_word ORDER BY word")
            return cursor.fetchall()

    # Run as an operator runs it, in a fresh process: rebuild_all() forks only from a
    # single-threaded one, and this test process may hold threads (an earlier live server's).
    db = connection.settings_dict
    url = f"postgres://{quote(db['USER'])}@{quote(db['HOST'], safe='')}/{db['NAME']}"
    try:
        result = run_manage("rebuild_search_index", "--workers", "2", DATABASE_URL=url)
        assert result.returncode == 0, result.stderr
        forked = words()
        vocabulary.refresh()
        assert words() == forked
        assert len(forked) > 100 and any(ndoc > 1 for _, _, ndoc in forked)
    finally:
        drop_slice_indexes()  # indexes outlive the flush that ends a transactional test


def test_a_batch_larger_than_one_statement_is_written_whole(seed, monkeypatch):
    """The writer splits a batch into statements of ROWS_PER_STATEMENT rows (the parameter
    limit); split or not, every entry is written the same."""
    rebuild_all(batch_size=50)
    columns = ("kind", "object_id", "title_vi", "body_en", "person_ids", "code_keys", "search_vi")
    whole = sorted(SearchEntry.objects.values_list(*columns))
    SearchEntry.objects.all().delete()
    monkeypatch.setattr(writer, "ROWS_PER_STATEMENT", 2)
    rebuild_all(batch_size=50)
    assert sorted(SearchEntry.objects.values_list(*columns)) == whole
    assert SearchEntry.objects.filter(kind="statement").count() > 2


def test_a_rebuild_with_debug_on_keeps_only_the_last_batchs_statements(seed, settings):
    settings.DEBUG = True  # development's default: Django logs every statement with its text
    rebuild_all(batch_size=3)
    one_batch = len(connection.queries)
    assert 0 < one_batch < 50  # not the ~30 batches' hundreds of statements
