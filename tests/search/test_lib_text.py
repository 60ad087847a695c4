"""The one Vietnamese folding rule and the one "is the language English" rule (archive/lib/text.py)
that search, the ingest, placeholder images, the corpus and the search pages share."""

from django.utils import translation

from archive.lib.text import fold, is_english
from articles.ingest.parse import fold as ingest_fold
from articles.placeholders import fold_to_ascii
from articles.search import code_key


def test_fold_strips_every_diacritic_and_d_bar_keeping_case():
    assert fold("Đảng ủy tỉnh Nghệ An: Quyết định 11-QĐ/TW") == (
        "Dang uy tinh Nghe An: Quyet dinh 11-QD/TW"
    )
    # Decomposed input (macOS keyboards) folds the same as composed.
    assert fold("Nghe\u0302\u0323 An") == "Nghe An"


def test_each_caller_keeps_its_own_expectations():
    assert ingest_fold("Chủ tịch UBND Đức") == "chu tich ubnd duc"  # compared in lower case
    assert fold_to_ascii("ẢNH THAY THẾ — Đức Quý") == "ANH THAY THE - Duc Quy"
    assert code_key("11-QĐ/TW") == "11QDTW"


def test_is_english_follows_the_active_language():
    with translation.override("en"):
        assert is_english()
    with translation.override("vi"):
        assert not is_english()
    assert is_english("en-gb")
    assert not is_english("vi")
