"""The Vietnamese and English search configurations fold every Vietnamese diacritic."""

import unicodedata

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

TONE_MARKS = ["\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]  # huyền, sắc, hỏi, ngã, nặng
# Base vowels with their own diacritics (ă, â, ê, ô, ơ, ư) and without.
VOWELS = {
    "a": "a",
    "ă": "a",
    "â": "a",
    "e": "e",
    "ê": "e",
    "i": "i",
    "o": "o",
    "ô": "o",
    "ơ": "o",
    "u": "u",
    "ư": "u",
    "y": "y",
}


def every_toned_vowel() -> list[tuple[str, str]]:
    pairs = []
    for vowel, plain in VOWELS.items():
        for mark in ["", *TONE_MARKS]:
            letter = unicodedata.normalize("NFC", vowel + mark)
            pairs += [(letter, plain), (letter.upper(), plain)]
    return pairs


@pytest.mark.parametrize("config", ["vi", "en_vn"])
def test_every_vowel_with_every_tone_folds_to_its_plain_letter(config):
    pairs = every_toned_vowel()
    assert len(pairs) == 12 * 6 * 2
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT toned, to_tsvector(%s::regconfig, toned) = to_tsvector(%s::regconfig, plain)"
            " FROM unnest(%s::text[], %s::text[]) AS pair(toned, plain)",
            [config, config, [f"x{t} x{t}" for t, _ in pairs], [f"x{p} x{p}" for _, p in pairs]],
        )
        unfolded = [toned for toned, same in cursor.fetchall() if not same]
    assert unfolded == []


@pytest.mark.parametrize("config", ["vi", "en_vn"])
def test_d_with_stroke_folds_to_d(config):
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector(%s::regconfig, 'Đảng đồng') @@ 'dang & dong'", [config])
        assert cursor.fetchone()[0] is True


def test_english_configuration_keeps_vietnamese_syllables_that_are_english_stop_words():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('en_vn', 'Tô Lâm in Nghệ An')::text")
        vector = cursor.fetchone()[0]
    assert "'to'" in vector and "'an'" in vector and "'in'" in vector


def test_english_configuration_stems():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('en_vn', 'transforming') @@ to_tsquery('en_vn', 'transformation')"
        )
        assert cursor.fetchone()[0] is True
