"""Filters, facets and their counts, against the seed article."""

import pytest
from django.http import QueryDict

from articles.models import Document, Statement, Topic
from articles.search import parse_params, search
from people.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("indexed_seed")]


def run(query: str = "", lang: str = "vi", **filters):
    data = QueryDict(mutable=True)
    data["q"] = query
    # How words match; meaning (the default, hybrid) is tests/search/test_semantic_judged.py's.
    data["mode"] = "words"
    for name, value in filters.items():
        data.setlist(name, value if isinstance(value, list) else [str(value)])
    params, messages = parse_params(data, lang)
    return search(params, messages)


def facet(result, name: str) -> dict[str, int]:
    return {item.value: item.count for item in result.facets[name]}


def test_type_filter_keeps_only_that_type_and_its_facet_count_matches():
    everything = run("chuyển đổi số")
    statements = run("chuyển đổi số", type="statement")
    assert {h.kind for h in statements.hits} == {"statement"}
    assert statements.total == facet(everything, "type")["statement"]


def test_several_types_combine_with_or():
    result = run("chuyển đổi số", type=["statement", "target"])
    assert {h.kind for h in result.hits} == {"statement", "target"}


def test_official_filter_by_id_or_slug_gives_his_statements():
    quy = Person.objects.get(full_name="Thái Thanh Quý")
    by_id = run("chuyển đổi số", type="statement", person=quy.id)
    by_slug = run("chuyển đổi số", type="statement", person=quy.slug)
    assert [h.object_id for h in by_id.hits] == [h.object_id for h in by_slug.hits]
    spoken = set(Statement.objects.filter(speaker=quy).values_list("id", flat=True))
    assert by_id.total > 0 and {h.object_id for h in by_id.hits} <= spoken
    assert facet(run("chuyển đổi số"), "person")[str(quy.id)] >= by_id.total


def test_document_and_pillar_filters_combine():
    resolution = Document.objects.get(kind="resolution", symbol="")
    pillar = Topic.objects.get(slug_vi="kinh-te-so")
    result = run("", document=resolution.slug_vi, pillar=pillar.id, type="target")
    assert result.total == resolution.targets.filter(pillar=pillar).count() > 0


def test_year_and_date_range_filters():
    assert run("nghị quyết", year=2022).total > 0
    assert run("nghị quyết", year=2019).total == 0
    assert run("nghị quyết", **{"from": "2022-05-28", "to": "2022-05-28"}).total > 0
    assert run("nghị quyết", **{"from": "2023-01-01"}).total == 0


def test_match_language_facet_and_filter():
    result = run("digital")
    assert facet(result, "match") == {"en": result.total}
    assert run("digital", match="vi").total == 0


def test_filters_without_words_browse_the_records():
    quy = Person.objects.get(full_name="Thái Thanh Quý")
    result = run("", person=quy.id, type="statement")
    assert result.total == Statement.objects.filter(speaker=quy).count()


def test_unknown_or_malformed_filters_are_explained_not_fatal():
    result = run(
        "chuyển đổi số", person="no-such-person", document="'; --", **{"from": "yesterday"}
    )
    assert result.total > 0
    assert len(result.messages) == 3


def test_facet_labels_are_names_and_symbols():
    result = run("11-QĐ/TW")
    labels = {item.label for item in result.facets["document"]}
    assert "11-QĐ/TW" in labels
    people = {item.label for item in result.facets["person"]}
    assert "Lê Thị Hoài Chung" in people
