"""Recall@5 of keyword and meaning search on the judged set (tests/search/semantic_judged.py), with
the real multilingual model over the seed article. Run with -s to see the figures."""

import re
import unicodedata
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles.models import Document, Photo, Statement, Target
from articles.search import SearchParams, search
from articles.search.semantic.neighbours import nearest_entries
from people.models import Person
from tests.builders import truncate_records
from tests.search.semantic_judged import JUDGED, Judged

TOP = 5


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed, committed: search entries and real-model vectors written by the signals."""
    with django_db_blocker.unblock(), override_settings(SEMANTIC_BACKEND="e5"):
        call_command("load_seed", verbosity=0)
        call_command("rebuild_search_index", stdout=StringIO())
        yield
        truncate_records()


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]


def fold(text: str) -> set[str]:
    """Accent-folded lower-case words, as the keyword search compares them."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return set(re.findall(r"\w+", text))


def vietnamese_of(kind: str, pk: int) -> str:
    match kind:
        case "statement":
            return Statement.objects.get(pk=pk).text_vi
        case "target":
            target = Target.objects.get(pk=pk)
            return f"{target.indicator_vi} {target.scope_vi}"
        case "document":
            return Document.objects.get(pk=pk).title_vi
        case "photo":
            return Photo.objects.get(pk=pk).caption_vi
    raise ValueError(kind)


def top(judged: Judged, mode: str, limit: int = TOP) -> list[tuple]:
    """(kind, id, by words, by meaning) of the first results of the search page's search."""
    lang = "en" if judged.group == "en" else "vi"
    result = search(SearchParams(q=judged.q, lang=lang, mode=mode, per_page=limit))
    return [(hit.kind, hit.object_id, hit.by_words, hit.by_meaning) for hit in result.hits]


@override_settings(SEMANTIC_BACKEND="e5")
def semantic_top(judged: Judged) -> list[tuple[str, int]]:
    """The nearest search results alone (neighbours.py), without the search page's filters."""
    return [(n.kind, n.object_id) for n in nearest_entries(judged.q, limit=TOP)]


def found(results: list[tuple], judged: Judged) -> bool:
    return bool({row[:2] for row in results} & set(judged.expected))


def test_the_judged_set_is_large_enough_and_its_paraphrases_share_no_word():
    assert len(JUDGED) >= 30
    groups = {j.group for j in JUDGED}
    assert groups == {"en", "vi", "name", "symbol", "phrase"}
    for judged in JUDGED:
        if judged.group == "vi":
            kind, pk = judged.expected[0]
            shared = fold(judged.q) & fold(vietnamese_of(kind, pk))
            assert not shared, (judged.q, shared)


@override_settings(SEMANTIC_BACKEND="e5")
def test_recall_at_5_keyword_and_meaning():
    rows = []
    recall: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for judged in JUDGED:
        tops = {
            "keyword": top(judged, "words"),
            "semantic": semantic_top(judged),
            "hybrid": top(judged, "hybrid"),
            "meaning": top(judged, "semantic"),
        }
        hits = {mode: found(top, judged) for mode, top in tops.items()}
        for mode, hit in hits.items():
            recall[mode][judged.group].append(hit)
            recall[mode]["all"].append(hit)
        rows.append((judged, hits, tops))
    print(f"\nrecall@{TOP} on {len(JUDGED)} judged queries (keyword, nearest, hybrid, meaning)")
    for judged, hits, tops in rows:
        marks = " ".join("+" if hit else "-" for hit in hits.values())
        hybrid = [row[:2] for row in tops["hybrid"]]
        print(f"  {marks}  [{judged.group:6}] {judged.q[:50]:50} hybrid={hybrid}")
    for mode, groups in recall.items():
        figures = ", ".join(f"{g} {sum(v)}/{len(v)}" for g, v in sorted(groups.items()))
        print(f"  {mode:8}: {figures}")
    keyword, semantic, hybrid = recall["keyword"], recall["semantic"], recall["hybrid"]
    # Hybrid loses no query keyword search answers, and answers many more.
    for judged, hits, _ in rows:
        assert hits["hybrid"] or not hits["keyword"], judged.q
    # Keyword search's partial-match fallback answers some English questions by one shared
    # word; the paraphrases share none, and only meaning finds them.
    assert sum(hybrid["all"]) >= sum(keyword["all"]) + 10
    assert sum(hybrid["vi"]) >= sum(keyword["vi"]) + 10
    # Keyword search finds every name, symbol and quoted phrase of the seed.
    for group in ("name", "symbol", "phrase"):
        assert all(keyword[group]), group
    # Meaning search finds what words cannot: paraphrases and English questions.
    meaning = semantic["en"] + semantic["vi"]
    assert sum(meaning) / len(meaning) >= 0.6
    assert sum(semantic["vi"]) > sum(keyword["vi"])


@override_settings(SEMANTIC_BACKEND="e5")
def test_results_say_why_they_matched():
    ranked = top(Judged("vi", "phòng ngừa ngộ độc", ()), "hybrid")
    assert ranked[0] == ("document", 6, False, True)  # no shared word: similar meaning only
    ranked = top(Judged("en", "food safety directive", ()), "hybrid")
    assert ("document", 6, True, True) in ranked  # both: its English title has the words


@override_settings(SEMANTIC_BACKEND="e5")
def test_words_keep_priority_for_symbols_phrases_exclusions_and_names():
    precise = (
        "11-QĐ/TW",
        "11-CT/TU",
        '"người đứng đầu"',
        "chuyển đổi số -Vinh",
        "Nguyễn Đức Trung",
    )
    for q in precise:
        words = top(Judged("vi", q, ()), "words", 50)
        assert top(Judged("vi", q, ()), "hybrid", 50) == words, q  # meaning adds nothing
    # A name misspelt past recognition still finds its person by similarity.
    ranked = top(Judged("name", "Nguyễn Đức Trungg", ()), "hybrid", 30)
    by_words = [row[2] for row in ranked]
    assert ranked[0][:2] == ("person", Person.objects.get(full_name="Nguyễn Đức Trung").pk)
    assert by_words == sorted(by_words, reverse=True)  # every word match first
    assert not all(by_words)  # then what meaning adds


@override_settings(SEMANTIC_BACKEND="e5")
def test_meaning_mode_finds_by_meaning_only_and_words_mode_by_words_only():
    meaning = top(Judged("symbol", "11-QĐ/TW", ()), "semantic", 20)
    assert meaning and not any(words for _, _, words, _ in meaning)
    assert top(Judged("vi", "phòng ngừa ngộ độc", ()), "words", 20) == []


@override_settings(SEMANTIC_BACKEND="e5")
def test_the_search_page_and_the_api_say_why_each_result_matched(client):
    html = client.get("/en/search/", {"q": "prevent food poisoning"}).content.decode()
    assert "similar meaning" in html and "Directive on strengthening" in html
    assert 'aria-current="true">words and meaning<' in html  # the default mode
    words = client.get("/en/search/", {"q": "prevent food poisoning", "mode": "words"})
    # By words only, at most the partial match on "food": never a result by meaning.
    assert "similar meaning" not in words.content.decode()
    body = client.get("/api/v1/search", {"q": "phòng ngừa ngộ độc"}).json()
    assert body["results"][0]["id"] == 6 and body["results"][0]["matched_by"] == ["meaning"]
    body = client.get("/api/v1/search", {"q": "11-QĐ/TW", "mode": "semantic"}).json()
    assert body["results"] and all(r["matched_by"] == ["meaning"] for r in body["results"])


@override_settings(SEMANTIC_BACKEND="e5")
def test_meaning_hits_do_not_hide_the_tone_fallback():
    # No record spells "sổ". In the default (hybrid) mode the ten nearest meanings used to count
    # as enough tone-exact results: the page showed them alone, without the 32 records that
    # spell "chuyển đổi số" and without the notice. Only word matches count for the fallback.
    words = search(SearchParams(q="chuyển đổi sổ", lang="vi", mode="words"))
    hybrid = search(SearchParams(q="chuyển đổi sổ", lang="vi", mode="hybrid"))
    assert hybrid.matching == words.matching == "folded"
    assert hybrid.total > words.total >= 30
    assert "Hiển thị thêm kết quả không dấu." in [str(m) for m in hybrid.messages]
