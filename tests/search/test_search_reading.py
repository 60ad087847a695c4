"""Issue 15, search: what a reader sees for tone marks, snippets, titles, typos and operators."""

import re

import pytest

from articles.search import SearchEntry, clean_query
from articles.search.results import short_label
from articles.search.snippets import excerpt
from tests.search.test_search_queries import keys, run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("indexed_seed")]

MARKED = re.compile(r"<mark>(.*?)</mark>")
# The notices as a reader of the Vietnamese pages sees them.
ALSO_FOLDED = "Hiển thị thêm kết quả không dấu."
PARTIAL = "Không có kết quả nào chứa đủ mọi từ bạn tìm: hiển thị các kết quả chứa một phần."


def marked_words(result) -> set[str]:
    return {
        word.lower()
        for hit in result.hits
        for html in (hit.title, hit.snippet)
        for word in MARKED.findall(str(html))
    }


# ---------------------------------------------------------------- tone marks


def test_a_query_with_tone_marks_highlights_only_that_spelling():
    result = run("chuyển đổi số")
    assert result.hits
    assert marked_words(result) <= {"chuyển", "đổi", "số"}
    # Typed without tone marks, every spelling is a match (as before).
    assert {"sở", "đối"} <= marked_words(run("chuyen doi so"))
    assert not result.messages


def test_a_word_with_tone_marks_finds_fewer_records_than_without():
    exact, folded = run("đối"), run("doi")
    assert 5 <= exact.total < folded.total
    assert marked_words(exact) == {"đối"}
    assert {"đổi", "đối"} <= marked_words(folded)


def test_a_different_tone_is_a_different_search_that_says_so():
    right, wrong = run("chuyển đổi số"), run("chuyển đổi sổ")
    assert ALSO_FOLDED not in [str(m) for m in right.messages]
    # No record spells "sổ": the folded results are shown, and the page says so and offers
    # the spelling the archive has.
    assert [str(m) for m in wrong.messages] == [ALSO_FOLDED]
    assert wrong.matching == "folded" and right.matching == "exact"
    assert wrong.suggestions[:1] == ["chuyển đổi số"]


def test_without_tone_marks_every_spelling_matches_as_before():
    result = run("chuyen doi so")
    assert result.total >= 10 and result.matching == "folded" and not result.messages
    assert {hit.object_id for hit in run("chuyển đổi số").hits} <= {
        hit.object_id for hit in run("chuyen doi so", page=1).hits
    } | {hit.object_id for hit in run("chuyen doi so", page=2).hits}


# ---------------------------------------------------------------- snippets and titles


def source_fields(hit) -> list[str]:
    entry = SearchEntry.objects.get(kind=hit.kind, object_id=hit.object_id)
    lang = hit.snippet_lang
    return [getattr(entry, f"lead_{lang}"), getattr(entry, f"body_{lang}")]


@pytest.mark.parametrize(
    ("query", "lang"),
    [("chuyển đổi số", "vi"), ("Thái Thanh Quý", "vi"), ("5G", "en"), ("digital", "en")],
)
def test_each_snippet_is_one_piece_of_one_field_starting_at_a_word(query, lang):
    result = run(query, lang=lang)
    assert result.hits
    for hit in result.hits:
        text = hit.snippet_text.removeprefix("… ").removesuffix(" …")
        if not text:
            continue
        fields = source_fields(hit)
        holder = next((f for f in fields if text in f), None)
        assert holder is not None, f"glued or altered snippet: {hit.snippet_text!r}"
        at = holder.index(text)
        assert at == 0 or not holder[at - 1].isalnum(), f"starts mid-word: {hit.snippet_text!r}"
        end = at + len(text)
        assert end == len(holder) or not holder[end].isalnum(), f"ends mid-word: {text!r}"


@pytest.mark.parametrize(("query", "word"), [("chuyển đổi số", "chuyển đổi số"), ("5G", "5G")])
def test_a_snippet_holds_the_match_when_its_text_does(query, word):
    for hit in run(query).hits:
        if any(word.lower() in field.lower() for field in source_fields(hit)):
            assert "<mark>" in hit.snippet, hit.snippet_text


def test_statements_by_one_speaker_have_titles_that_tell_them_apart():
    result = run("Thái Thanh Quý", type="statement")
    titles = [hit.title_text for hit in result.hits]
    assert len(titles) >= 5
    assert len(set(titles)) == len(titles)
    assert all(title.startswith("Thái Thanh Quý: “") for title in titles)


def test_excerpt_takes_the_sentence_with_the_match_and_cuts_between_words():
    s, e = "\ue000", "\ue001"
    body = f"Câu đầu tiên không có gì. Câu thứ hai nói về {s}số{e} hóa. Câu ba."
    assert excerpt("", body) == f"Câu thứ hai nói về {s}số{e} hóa. Câu ba."
    long = "từ " * 120 + f"{s}đích{e} " + "sau " * 120
    cut = excerpt(long, "")
    assert cut.startswith("… từ") and cut.endswith("…") and f"{s}đích{e}" in cut
    assert excerpt("Chỉ phần mở đầu.", f"Thân có {s}khớp{e}.") == f"Thân có {s}khớp{e}."


def test_facet_labels_are_cut_between_words():
    title = "Nghị quyết của Ban Chấp hành Đảng bộ tỉnh về chuyển đổi số tỉnh Nghệ An đến năm 2025"
    label = short_label(title)
    assert label.endswith("…") and title.startswith(label[:-1])
    assert title[len(label) - 1] == " "


# ---------------------------------------------------------------- typos


def test_a_typo_offers_the_archives_own_words_and_partial_results():
    result = run("chuyen doi sô tinh nghe ann")
    assert result.hits and result.matching == "partial"
    assert PARTIAL in [str(m) for m in result.messages]
    assert result.suggestions[0] == "chuyen doi số tinh nghe an"
    assert run(result.suggestions[0]).total > 0


def test_an_english_typo_is_corrected_from_the_english_words():
    result = run("digitl transformation", lang="en")
    assert result.suggestions[0] == "digital transformation"
    assert result.hits and "<mark>transformation</mark>" in str(result.hits[0].title).lower()


# ---------------------------------------------------------------- Vietnamese operators


def test_hoac_works_as_or():
    either = keys(run("4G hoặc nhân lực"))
    assert either and set(keys(run("4G"))) | set(keys(run("nhân lực"))) == set(either) | set()
    assert set(keys(run("4G hoac nhân lực"))) == set(either)


def test_capital_khong_excludes_a_word_and_lower_case_khong_is_a_word():
    without = keys(run("chuyển đổi số KHÔNG kinh"))
    assert without and set(without) == set(keys(run("chuyển đổi số -kinh")))
    assert len(without) < run("chuyển đổi số").total
    assert "không" in clean_query("ô nhiễm không khí").fts
    assert clean_query("KHÔNG GIAN MẠNG").fts == "KHÔNG GIAN MẠNG"


# ---------------------------------------------------------------- the page


def test_the_search_page_has_one_search_box_and_the_filter_button_before_the_results(client):
    for url, button in (("/tim-kiem/", "Lọc"), ("/en/search/", "Filter")):
        page = client.get(url, {"q": "chuyen doi so"}).text
        assert page.count('type="search"') == 1
        assert page.index('<details class="filters"') < page.index('class="hit ')
        assert f"<summary>{button}</summary>" in page
    # Other pages keep the header's box.
    assert client.get("/").text.count('type="search"') == 1


def test_the_page_shows_the_tone_notice_and_the_spelling_the_archive_has(client):
    vi = client.get("/tim-kiem/", {"q": "chuyển đổi sổ"}).text
    en = client.get("/en/search/", {"q": "chuyển đổi sổ"}).text
    assert ALSO_FOLDED in vi and "Also showing results without tone marks." in en
    assert 'href="?q=chuy%E1%BB%83n+%C4%91%E1%BB%95i+s%E1%BB%91"' in vi
    assert ALSO_FOLDED not in client.get("/tim-kiem/", {"q": "chuyển đổi số"}).text


def test_the_help_explains_the_vietnamese_operators_in_both_languages(client):
    vi = client.get("/tim-kiem/").text
    en = client.get("/en/search/").text
    assert "<kbd>hoặc</kbd>" in vi and "có nghĩa như <kbd>or</kbd>" in vi
    assert "<kbd>KHÔNG</kbd> viết hoa" in vi
    assert "<kbd>hoặc</kbd>" in en and "<kbd>KHÔNG</kbd> written in capitals" in en
