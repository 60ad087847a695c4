"""Each kind of query a researcher types, against the seed article (search.py through SQL)."""

import unicodedata

import pytest
from django.http import QueryDict

from articles.models import Document, Statement, Target
from articles.search import SearchParams, clean_query, parse_params, search
from people.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("indexed_seed")]


def run(query: str = "", **filters):
    data = QueryDict(mutable=True)
    data["q"] = query
    # How words match; meaning (the default, hybrid) is tests/search/test_semantic_judged.py's.
    data["mode"] = "words"
    for name, value in filters.items():
        data.setlist(name, value if isinstance(value, list) else [str(value)])
    params, messages = parse_params(data, filters.pop("lang", "vi") if "lang" in filters else "vi")
    return search(params, messages)


def keys(result) -> list[tuple[str, int]]:
    return [(hit.kind, hit.object_id) for hit in result.hits]


def quy() -> Person:
    return Person.objects.get(full_name="Thái Thanh Quý")


def regulation_11() -> Document:
    return Document.objects.get(symbol="11-QĐ/TW")


def test_accent_free_query_finds_the_article_first():
    result = run("chuyen doi so")
    assert result.hits[0].kind == "article"
    assert "<mark>" in result.hits[0].title
    assert result.total >= 10  # the article, many statements, targets, the draft resolution


def test_with_or_without_diacritics_the_same_records_match():
    exact, folded = run("chuyển đổi số"), run("chuyen doi so")
    assert exact.total == folded.total
    assert exact.facets["type"] == folded.facets["type"]


def test_nfd_input_is_normalized_before_searching():
    decomposed = unicodedata.normalize("NFD", "chuyển đổi số")
    assert decomposed != "chuyển đổi số"
    result = run(decomposed)
    assert result.query.text == "chuyển đổi số"
    assert keys(result) == keys(run("chuyển đổi số"))


def test_quoted_phrase_matches_only_the_words_in_that_order():
    result = run('"người đứng đầu"')
    quote = Statement.objects.get(kind="quote")
    assert ("statement", quote.id) in keys(result)
    for hit in result.hits:
        assert "người đứng đầu" in hit.snippet_text.lower() + " " + hit.title_text.lower()
    # The same words in another order match as loose words, never as a phrase.
    assert run("đầu đứng người").total == run("người đứng đầu").total > 0
    assert run('"đầu đứng người"').total == 0


def test_excluded_word_removes_records_that_contain_it():
    everything = run("chuyển đổi số")
    without = run("chuyển đổi số -kinh")
    assert 0 < without.total < everything.total
    for hit in without.hits:
        assert "kinh" not in hit.title_text.lower().split()


def test_or_finds_either_word():
    either = run("GRDP or 5G")
    assert {"5G", "GRDP"} <= {w for h in either.hits for w in ("5G", "GRDP") if w in h.title_text}


@pytest.mark.parametrize("spelling", ["11-QĐ/TW", "11-QD/TW", "11 qđ tw", "qđ 11/tw", "11-qd/tw"])
def test_document_symbol_in_any_spelling_finds_the_regulation_first(spelling):
    result = run(spelling)
    assert result.hits[0].kind == "document"
    assert result.hits[0].object_id == regulation_11().id
    assert set(keys(result)) == set(keys(run("11-QĐ/TW")))


def test_symbol_search_does_not_confuse_other_documents_with_number_11():
    titles = " ".join(hit.title_text for hit in run("11-CT/TU").hits)
    assert "11-CT/TU" in titles
    assert ("document", regulation_11().id) not in keys(run("11-CT/TU"))


@pytest.mark.parametrize(
    "name", ["Thai Thanh Qui", "Thái Thanh Quí", "thai thanh quy", "Thái Thanh Quý"]
)
def test_name_spelling_variants_find_the_secretary(name):
    result = run(name)
    assert ("person", quy().id) in keys(result)[:3]
    assert result.suggestions == []


def test_misspelled_name_is_still_found_and_suggested():
    result = run("Thai Thang Quy")
    assert result.suggestions == ["Thái Thanh Quý"]
    assert keys(result)[0] == ("person", quy().id)


def test_typed_diacritics_match_that_spelling_and_no_tone_marks_match_all():
    # Issue 15: "Quý" typed with its tone mark no longer finds "Quy định"; "Quy" still does.
    exact, folded = run("Quý"), run("Quy")
    assert len(exact.hits) >= 5
    assert all("quý" in (h.title_text + " " + h.snippet_text).lower() for h in exact.hits)
    assert any(
        "quy định" in (h.title_text + " " + h.snippet_text).lower()
        for page in (1, 2)
        for h in run("Quy", page=page).hits
    )
    assert folded.total > exact.total


def test_english_query_is_stemmed():
    result = run("digital transforming", match="en")
    assert result.total > 0
    assert all("en" in hit.matched for hit in result.hits)
    english = run("digital transforming", lang="en")
    assert "transformation" in english.hits[0].title_text.lower()


def test_english_configuration_keeps_vietnamese_names_in_english_text():
    result = run("Nghe An", match="en")
    assert result.total > 0


def test_5g_finds_the_mobile_network_target_first():
    result = run("5G")
    target = Target.objects.get(indicator_vi__contains="5G")
    assert result.hits[0].kind == "target"
    assert result.hits[0].object_id == target.id


def test_snippets_mark_the_matched_words():
    hit = run("người đứng đầu").hits[0]
    assert "<mark>" in hit.snippet or "<mark>" in hit.title


def test_sort_by_date_orders_hits():
    newest = [h.date for h in run("", type="document", sort="newest").hits]
    oldest = [h.date for h in run("", type="document", sort="oldest").hits]
    assert newest == sorted(newest, reverse=True)
    assert oldest == sorted(oldest)
    assert newest[0] > oldest[0]


def test_clean_query_reports_what_it_found():
    cleaned = clean_query("Quy định 11-QĐ/TW")
    assert cleaned.symbol_keys == ("11QDTW",)
    assert cleaned.rest.strip() == "Quy định"
    assert cleaned.has_diacritics
    assert clean_query("qđ 11/tw").symbol_keys == ("11QDTW",)
    assert clean_query("5G").symbol_keys == ()


def test_empty_search_without_filters_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        result = search(SearchParams(q="   "))
    assert not result.searched and result.hits == []
