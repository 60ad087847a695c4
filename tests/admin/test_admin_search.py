"""Admin search boxes use the site's search machinery: both languages, diacritics optional,
document symbols in any spelling."""

import pytest
from django.urls import reverse

from tests import builders as records

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("indexed_seed")]

SEARCHES = [
    ("articles_article", "chuyen doi so", "Ban Thường vụ Tỉnh ủy Nghệ An cho ý kiến"),
    ("articles_article", "standing committee digital", "Ban Thường vụ Tỉnh ủy Nghệ An cho ý kiến"),
    ("articles_document", "11 qd tw", "11-QĐ/TW"),
    ("articles_document", "qđ 11/tw", "11-QĐ/TW"),
    ("articles_statement", '"nguoi dung dau khong quyet tam"', "Người đứng đầu không quyết tâm"),
    ("articles_target", "5G", "4G, 5G"),
]


@pytest.mark.parametrize(("changelist", "query", "expected"), SEARCHES)
def test_admin_search_finds_records_the_plain_field_search_would_miss(
    client,
    changelist,
    query,
    expected,
):
    client.force_login(records.editor())
    response = client.get(reverse(f"admin:{changelist}_changelist"), {"q": query})
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_admin_search_without_a_match_lists_nothing(client):
    client.force_login(records.editor())
    response = client.get(reverse("admin:articles_document_changelist"), {"q": "99 qd tw"})
    assert "11-QĐ/TW" not in response.content.decode()
