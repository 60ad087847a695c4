"""The writer finds document symbols in Python (articles/search/indexing/codes.py): it must find
exactly what the database's vn_code_keys() finds, or a symbol search would miss entries."""

import pytest
from django.db import connection

from articles.models import Article
from articles.search.indexing.builders import BUILDERS
from articles.search.indexing.codes import code_keys_of
from articles.search.indexing.text import join
from articles.search.kinds import MODEL_OF_KIND

pytestmark = pytest.mark.django_db

TRICKY = [
    "Nghị quyết số 11-NQ/TU và Chỉ thị 05-CT/TW; Quyết định 1234/QĐ-UBND.",
    "11-qđ/tw, 11 QĐ TW, 11-QĐ/TW, 11–QĐ/TW (en dash), 2024/NĐ-CP.",
    "Không có ký hiệu: 2024-2025, 1/2, 3/4/2025, 10-15 %.",
    "Dính chữ: abc11-QĐ/TW, _7-KH/UBND, x5/Đ, Đ5-Đ, 5-ĐẢNG/ƯU.",
    "Ký tự lạ: 12-Ω/ß, 7-æ/ø, 9-Œ/Ł, 3-ﬁ/ﬂ, ５-ＱＤ/ＴＷ, 8-Ｑ/Ｄ 👍.",
    "",
]


def database_code_keys(texts: list[str]) -> list[list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT ARRAY(SELECT DISTINCT k FROM unnest(public.vn_code_keys(t)) k ORDER BY k)"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS x(t, i) ORDER BY i",
            [texts],
        )
        return [row[0] for row in cursor.fetchall()]


def seed_texts() -> list[str]:
    """Every text the writer scans for symbols on the seed: each entry of every kind."""
    texts = []
    for kind, model in MODEL_OF_KIND.items():
        ids = list(model.objects.values_list("id", flat=True))
        texts += [join(*d.title, *d.lead, *d.body) for d in BUILDERS[kind](ids).values()]
    return texts


def test_python_finds_the_symbols_the_database_finds_in_the_seed(seed):
    texts = seed_texts()
    assert len(texts) > 50 and Article.objects.exists()
    python = code_keys_of(texts)
    assert python == database_code_keys(texts)
    assert any("11QDTW" in keys for keys in python)  # the seed's best-known symbol


@pytest.mark.parametrize("text", TRICKY)
def test_python_finds_the_symbols_the_database_finds_in_odd_text(text):
    assert code_keys_of([text]) == database_code_keys([text])
