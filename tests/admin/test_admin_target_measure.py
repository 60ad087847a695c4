"""An editor sets a target's measure in the admin (Vietnamese labels), and a rank with a unit is
refused with the reason and changes nothing; tested outside a test transaction, as a server."""

import pytest
from django.urls import reverse

from articles.models import Target
from tests import builders as records
from tests.admin_form_data import form_data

as_a_server = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(client):
    client.force_login(records.editor())
    return client


@pytest.fixture
def target(media_root) -> Target:
    """A quantity: 100% of agencies, reported in a draft article."""
    return records.target(records.article(), records.document(), records.pillar())


@as_a_server
def test_an_editor_makes_a_target_a_rank(editor, target):
    url = reverse("admin:articles_target_change", args=[target.pk])
    page = editor.get(url).content.decode()
    assert "Loại giá trị" in page  # the field's Vietnamese label
    assert "thứ hạng (thuộc nhóm N)" in page
    data = form_data(page)
    data |= {"measure": "rank", "value": "30"}  # the unit "%" left in place

    refused = editor.post(url, data)

    assert refused.status_code == 200
    assert "Thứ hạng không có đơn vị: để trống ô đơn vị." in refused.content.decode()
    target.refresh_from_db()
    assert (target.measure, target.value, target.unit_vi) == ("quantity", 100, "%")

    data |= {"unit_vi": "", "unit_en": ""}
    saved = editor.post(url, data)

    assert saved.status_code == 302, saved.content.decode()[:2000]
    target.refresh_from_db()
    assert (target.measure, target.value, target.unit_vi or "") == ("rank", 30, "")
