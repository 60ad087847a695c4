"""The synthetic corpus generator builds a consistent, reproducible archive from the seed."""

import pytest
from django.core.management import call_command
from django.db import connection

from archive.ops.corpus import CorpusGenerator
from articles.models import Article, BodyBlock, Statement

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
