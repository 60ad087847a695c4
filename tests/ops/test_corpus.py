"""The synthetic corpus generator builds a consistent, reproducible archive from the seed."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from archive.ops.corpus import CorpusGenerator, facet_share, widest_speaker
from articles.models import Article, BodyBlock, Statement
from articles.search import SearchEntry, rebuild_all

pytestmark = pytest.mark.django_db

SMALL_CORPUS = 2_000


def titles_of_generated(seed_article_ids: set[int]) -> list[str]:
    return list(
        Article.objects.exclude(pk__in=seed_article_ids)
        .order_by("pk")
        .values_list("title_en", flat=True)
    )


def test_generate_corpus_loads_articles_with_all_their_records(seed, capsys):
    call_command("generate_corpus", articles=SMALL_CORPUS, seed=3, no_index=True)
    out = capsys.readouterr().out
    assert f"articles {SMALL_CORPUS:,}" in out and "articles/s" in out
    assert Article.objects.published().count() == SMALL_CORPUS + 1
    generated = Article.objects.exclude(pk=1)
    assert BodyBlock.objects.filter(article__in=generated).count() == SMALL_CORPUS * 7
    assert Statement.objects.filter(article__in=generated).count() == SMALL_CORPUS * 3
    # Every foreign key the generator wrote points at a real row (its triggers were skipped).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM articles_statement s"
            " LEFT JOIN people_person p ON p.id = s.speaker_id WHERE p.id IS NULL"
        )
        assert cursor.fetchone()[0] == 0
    # The planner has statistics on what was loaded (the index rebuild depends on them).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stats WHERE tablename = 'articles_bodyblock'"
            " AND attname = 'article_id' AND n_distinct <> 0"
        )
        assert cursor.fetchone()[0] == 1
    # Both languages filled, and Vietnamese names survive in the English text.
    sample = generated.order_by("pk").first()
    assert sample.title_vi and sample.title_en and sample.lead_en
    assert sample.blocks.count() == 7 and sample.get_absolute_url().endswith("/")
    # New rows after the corpus get fresh ids (sequences were moved past the copied ids).
    assert (
        Article.objects.create(
            title_vi="Bài mới",
            title_en="New",
            slug_vi="bai-moi",
            slug_en="new",
            lead_vi="x",
            lead_en="x",
            byline="x",
            published_at=sample.published_at,
            source_name_vi="x",
            source_name_en="x",
        ).pk
        > sample.pk
    )


def test_the_same_seed_gives_the_same_corpus(seed):
    CorpusGenerator(50, seed=11).run()
    first = titles_of_generated({1})
    Article.objects.exclude(pk=1).delete()
    CorpusGenerator(50, seed=11).run()
    assert titles_of_generated({1}) == first
    Article.objects.exclude(pk=1).delete()
    CorpusGenerator(50, seed=12).run()
    assert titles_of_generated({1}) != first


def test_generate_corpus_without_the_seed_says_what_to_do():
    with pytest.raises(Exception, match="load_seed"):
        call_command("generate_corpus", articles=10, seed=1, no_index=True)


def entry_rows() -> dict[tuple[str, int], tuple]:
    return {
        (kind, object_id): rest
        for kind, object_id, *rest in SearchEntry.objects.values_list(
            "kind", "object_id", "indexed_at", "person_ids", "document_ids", "title_vi"
        )
    }


def test_widen_facet_makes_one_official_wide_rewriting_only_the_entries_that_change(seed):
    """An existing, indexed corpus gets one official in >= 5 % of its entries; only the entries
    that change are written, and they are what a full rebuild writes. A second run is a no-op."""
    CorpusGenerator(300, seed=5).run()
    rebuild_all()
    before = entry_rows()
    out = StringIO()
    call_command("widen_facet", percent=5, stdout=out)

    official = widest_speaker()
    named, total = facet_share(official)
    assert named / total >= 0.05 and total == len(before)
    assert f"person {official})" in out.getvalue() and f"of {total:,} entries" in out.getvalue()
    after = entry_rows()
    rewritten = {key for key in after if after[key][0] != before[key][0]}
    assert {kind for kind, _ in rewritten} == {"article", "statement", "person", "document"}
    assert all(after[key] == before[key] for key in after.keys() - rewritten)
    assert f"{len(rewritten)} entries re-indexed" in out.getvalue()
    # What was rewritten is what a full rebuild writes.
    rebuild_all()
    assert {key: row[1:] for key, row in entry_rows().items()} == {
        key: row[1:] for key, row in after.items()
    }
    out = StringIO()
    call_command("widen_facet", percent=5, stdout=out)
    assert ": 0 statements given, 0 entries re-indexed" in out.getvalue()
    assert facet_share(official) == (named, total)


def test_generate_corpus_makes_the_wide_facet_and_refuses_an_impossible_share(seed):
    call_command(
        "generate_corpus", articles=200, seed=4, no_index=True, wide_facet=5, stdout=StringIO()
    )
    rebuild_all()
    named, total = facet_share(widest_speaker())
    assert named / total >= 0.05
    with pytest.raises(CommandError, match="between 0 and 50"):
        call_command("widen_facet", percent=80, stdout=StringIO())
