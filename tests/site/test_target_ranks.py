"""A target whose value is a rank reads as a rank: the seed's target 2 ("thuộc nhóm 30 tỉnh,
thành phố có chỉ số cao về chính phủ số") is in the top 30, not 30 of an invented unit."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from articles.models import Article, Document, Target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed")]

# The unit the seed once invented for target 2, in either language.
INVENTED = ("chỉ số cao (nhóm)", "(group)", "with a high index (group)")
RANK_TEXT = {"vi": "thuộc nhóm 30", "en": "in the top 30"}


def value_cell(html: str, target_id: int) -> str:
    """The text of the Value cell of the target's row in a targets table."""
    row = re.search(rf'<tr id="target-{target_id}".*?</tr>', html, re.S)
    assert row, f"no row for target {target_id}"
    cell = re.search(r'<td class="numeric"[^>]*>(.*?)</td>', row.group(0), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell.group(1))).strip()


def page_of(obj, lang: str) -> str:
    with translation.override(lang):
        return obj.get_absolute_url()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_seed_rank_reads_as_a_rank_on_every_page_that_lists_it(client, lang):
    article, document = Article.objects.get(pk=1), Document.objects.get(pk=1)
    overview = "/chi-tieu/" if lang == "vi" else "/en/targets/"
    for url in (page_of(article, lang), page_of(document, lang), overview):
        html = client.get(url).content.decode()
        assert value_cell(html, 2) == RANK_TEXT[lang], url
        for invented in INVENTED:
            assert invented not in html, (url, invented)
        # Quantities are unchanged: target 1 is 100% coverage.
        assert value_cell(html, 1) == "100%", url


def test_the_seed_target_is_a_rank_without_unit():
    target = Target.objects.get(pk=2)
    assert target.measure == Target.Measure.RANK
    assert target.value == 30
    assert (target.unit_vi, target.unit_en) == ("", "")
    assert Target.objects.exclude(pk=2).filter(measure=Target.Measure.RANK).count() == 0


def test_a_rank_with_a_unit_or_a_fraction_is_refused_with_the_reason():
    target = Target.objects.get(pk=2)
    target.unit_vi = "tỉnh"
    target.value = 30.5
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        target.full_clean()
    assert refused.value.message_dict["unit_vi"] == ["Thứ hạng không có đơn vị: để trống ô đơn vị."]
    assert "số nguyên" in refused.value.message_dict["value"][0]
