"""The article file carries each target's `measure`; a file without it (written before the
field existed) imports its targets as quantities; a rank with a unit is refused."""

import pytest
from django.core.management import CommandError, call_command

from articles.models import Target
from tests.interchange_support import empty_database, export, import_file, snapshot, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seed")]


@pytest.fixture(autouse=True)
def placeholder_images(media_root):
    """The seed's photos point at placeholder images; an import checks that they exist."""
    call_command("make_placeholders", verbosity=0)


def file_targets(data: dict) -> list[dict]:
    """Every target record of a file: the documents' and the article's copies."""
    return [t for d in data["documents"] for t in d["targets"]] + data["article"]["targets"]


def test_a_rank_survives_the_round_trip(tmp_path):
    data = export(1, tmp_path)
    assert {t["id"]: t["measure"] for t in file_targets(data)}[2] == "rank"
    empty_database()

    import_file(write(tmp_path, data))

    target = Target.objects.get(indicator_vi__startswith="Luôn giữ vững vị trí thuộc nhóm 30")
    assert (target.measure, target.value, target.unit_vi, target.unit_en) == ("rank", 30, "", "")
    assert export(1, tmp_path, "again.json") == data


def test_a_file_without_measure_imports_its_targets_as_quantities(tmp_path):
    data = export(1, tmp_path)
    for target in file_targets(data):
        del target["measure"]
    empty_database()

    import_file(write(tmp_path, data))

    assert Target.objects.count() == 7
    assert set(Target.objects.values_list("measure", flat=True)) == {"quantity"}


def test_a_rank_with_a_unit_is_refused_and_nothing_is_written(tmp_path):
    data = export(1, tmp_path)
    for target in file_targets(data):
        if target["id"] == 2:
            target["unit"] = {"vi": "tỉnh, thành phố", "en": "provinces and cities"}
    empty_database()
    before = snapshot()

    with pytest.raises(CommandError, match=r"documents\[0\]\.targets\[1\].*A rank has no unit"):
        import_file(write(tmp_path, data))

    assert snapshot() == before
