"""import_article refuses a bad file with a message naming the place, and writes nothing.

Each case breaks one thing in the seed's export and imports it into an empty database, where
the unbroken file creates everything: every table must be as it was before.
"""

import copy
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from articles.interchange import export_article
from tests.conftest import SEED_FIXTURE
from tests.interchange_support import API_HOST, export, import_file, snapshot, write

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seed_export(django_db_setup, django_db_blocker, tmp_path_factory) -> tuple[dict, Path]:
    """The seed's export and a media folder with its images, made once for the module: the
    seed is loaded, exported and rolled back, so each test starts from an empty database."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        call_command("loaddata", str(SEED_FIXTURE), verbosity=0)
        call_command("make_placeholders", verbosity=0)
        data = export_article(1, base_url=API_HOST)
        transaction.set_rollback(True)
    return data, media


@pytest.fixture
def seed_file(seed_export, settings) -> dict:
    data, settings.MEDIA_ROOT = seed_export
    return copy.deepcopy(data)


def setter(*path: str | int, value: object) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        *parents, last = path
        for key in parents:
            data = data[key]
        data[last] = value

    return change


def remover(*path: str | int) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        *parents, last = path
        for key in parents:
            data = data[key]
        del data[last]

    return change


def repeat_order(section: str, *inside: str | int) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        for key in inside:
            data = data[key]
        data[section][1]["order"] = data[section][0]["order"]

    return change


BROKEN = {
    "wrong type": (
        setter("article", "statements", 0, "order", value="1"),
        "article.statements[0].order: Input should be a valid integer",
    ),
    "id not positive": (
        setter("article", "photos", 2, "id", value=0),
        "article.photos[2].id: Input should be greater than or equal to 1",
    ),
    "missing field": (remover("article", "title"), "article.title: Field required"),
    "unknown field": (
        setter("article", "titel", value={"vi": "x", "en": "x"}),
        "article.titel: Extra inputs are not permitted",
    ),
    "missing Vietnamese text": (
        setter("article", "statements", 0, "text", "vi", value=""),
        "article.statements[0].text.vi: the Vietnamese text is missing",
    ),
    "Vietnamese caption null": (
        setter("article", "photos", 3, "caption", "vi", value=None),
        "article.photos[3].caption.vi: the Vietnamese text is missing",
    ),
    "empty paragraph": (
        setter("article", "body", 2, "text", "vi", value=""),
        "article.body[2].text.vi: the Vietnamese text is missing",
    ),
    "unknown speaker": (
        setter("article", "statements", 0, "speaker_id", value=999999),
        "article.statements[0].speaker_id: person 999999 is not in the file",
    ),
    "unknown document": (
        setter("article", "statements", 4, "document_ids", value=[1, 424242]),
        "article.statements[4].document_ids[1]: document 424242 is not in the file",
    ),
    "unknown issuer": (
        setter("documents", 0, "issuer_id", value=777),
        "documents[0].issuer_id: organization 777 is not in the file",
    ),
    "body block showing a photo not in the file": (
        lambda data: photo_blocks(data)[0][1].update(photo_id=999999),
        "article.body[1].photo_id: photo 999999 is not in the file",
    ),
    "photo shown twice": (
        lambda data: photo_blocks(data)[-1][1].update(
            photo_id=photo_blocks(data)[0][1]["photo_id"]
        ),
        "article.body[33].photo_id: photo 1 is repeated (also article.body[1].photo_id)",
    ),
    "repeated body order": (
        repeat_order("body", "article"),
        "article.body[1].order: order 1 is repeated (also article.body[0].order)",
    ),
    "repeated statement order": (
        repeat_order("statements", "article"),
        "article.statements[1].order: order",
    ),
    "repeated agenda order": (
        repeat_order("agenda_items", "meetings", 0),
        "meetings[0].agenda_items[1].order: order 1 is repeated",
    ),
    "repeated target order": (
        repeat_order("targets", "documents", 0),
        "documents[0].targets[1].order: order 1 is repeated",
    ),
    "repeated person": (
        lambda data: data["people"].append(dict(data["people"][0])),
        "people[8].id: person 1 is also people[0]",
    ),
    "NUL character": (
        setter("article", "lead", "en", value="bad\x00lead"),
        "article.lead.en: Value error, text contains a NUL character",
    ),
    "time without offset": (
        setter("article", "published_at", value="2022-05-28T12:29:00"),
        "article.published_at: Input should have timezone info",
    ),
    "impossible date": (
        setter("documents", 3, "issued_on", value="2021-05-32"),
        "documents[3].issued_on: Input should be a valid date",
    ),
    "unknown statement kind, after many rows were written": (
        setter("article", "statements", 21, "kind", value="rumour"),
        "article.statements[21].kind: Value 'rumour' is not a valid choice.",
    ),
    "byline too long": (
        setter("article", "byline", value="Thành Duy " * 30),
        "article.byline: Ensure this value has at most 200 characters",
    ),
    "image not in the media storage": (
        setter("article", "photos", 0, "image", value="http://testserver/media/photos/none.png"),
        "article.photos[0].image: no file 'http://testserver/media/photos/none.png'",
    ),
    "image outside the media storage": (
        setter("article", "photos", 0, "image", value="http://testserver/media/../settings.py"),
        "article.photos[0].image: no file",
    ),
    "copy differing from the full record": (
        setter("article", "people", 0, "positions", 0, "title", "en", value="Edited here only"),
        "differs from people[",
    ),
    "workflow status": (
        setter("editorial", "status", value="archived"),
        "editorial.status: expected one of draft, published",
    ),
    "position without its editorial entry": (
        lambda data: data["editorial"]["positions"].pop(),
        "editorial.positions: no entry for id 17",
    ),
    "organization its own grandparent": (
        lambda data: organization_cycle(data),
        "organizations are their own parents",
    ),
    "old format version": (setter("version", value=1), "not an article export"),
    "another format": (setter("format", value="something/else"), "not an article export"),
}


def photo_blocks(data: dict) -> list[tuple[int, dict]]:
    return [(i, b) for i, b in enumerate(data["article"]["body"]) if b["kind"] == "photo"]


def organization_cycle(data: dict) -> None:
    organizations = {o["id"]: o for o in data["organizations"]}
    child = next(o for o in data["organizations"] if o["parent_id"] is not None)
    organizations[child["parent_id"]]["parent_id"] = child["id"]


@pytest.mark.parametrize(("break_it", "message"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_is_refused_naming_the_place_and_changes_nothing(
    seed_file, tmp_path, break_it, message
):
    break_it(seed_file)
    before = snapshot()

    with pytest.raises(CommandError) as refused:
        import_file(write(tmp_path, seed_file))

    assert "refused, nothing imported" in str(refused.value)
    assert message in str(refused.value)
    assert snapshot() == before


def test_the_unbroken_file_imports(seed_file, tmp_path):
    """The cases above fail for the reason they name: the same file, unbroken, imports."""
    import_file(write(tmp_path, seed_file))
    assert export(1, tmp_path, "again.json") == seed_file


def test_a_failure_while_replacing_rolls_back_the_updates_before_it(seed_file, tmp_path):
    import_file(write(tmp_path, seed_file))
    before = snapshot()
    seed_file["article"]["title"]["en"] = "An English title that must not stay"
    seed_file["article"]["statements"][21]["kind"] = "rumour"

    with pytest.raises(CommandError, match=r"article\.statements\[21\]\.kind"):
        import_file(write(tmp_path, seed_file), replace=True)

    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "file: not valid JSON"),
        ("", "file: not valid JSON"),
        ("[]", "file: expected a JSON object"),
        ('"an article"', "file: expected a JSON object"),
        ("{}", "not an article export"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused(seed_file, tmp_path, content, message):
    before = snapshot()
    with pytest.raises(CommandError, match=message):
        import_file(write(tmp_path, content))
    assert snapshot() == before


def test_binary_and_oversized_files_are_refused(seed_file, tmp_path):
    before = snapshot()
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError, match="not UTF-8"):
        import_file(str(binary))
    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:
        file.truncate(20 * 1024 * 1024 + 1)
    with pytest.raises(CommandError, match="larger than 20 MiB"):
        import_file(str(huge))
    with pytest.raises(CommandError, match="cannot read it"):
        import_file(str(tmp_path / "absent.json"))
    assert snapshot() == before


def test_every_problem_is_listed_at_once(seed_file, tmp_path):
    seed_file["article"]["statements"][0]["speaker_id"] = 999999
    photo_blocks(seed_file)[0][1]["photo_id"] = 888888
    seed_file["meetings"][0]["chair_id"] = 777777

    with pytest.raises(CommandError) as refused:
        import_file(write(tmp_path, seed_file))

    message = str(refused.value)
    assert "article.statements[0].speaker_id: person 999999" in message
    assert "article.body[1].photo_id: photo 888888" in message
    assert "meetings[0].chair_id: person 777777" in message


ODD_VALUES = [None, -1, 2**70, 40000, "", "x" * 5000, [], {}, True, 1.5, 1e300, "2022-02-30"]


def every_place(value: object, path: tuple = ()) -> list[tuple]:
    """The path of every value inside a decoded JSON document."""
    places = [path] if path else []
    if isinstance(value, dict):
        places += [p for key, item in value.items() for p in every_place(item, (*path, key))]
    elif isinstance(value, list):
        places += [p for i, item in enumerate(value) for p in every_place(item, (*path, i))]
    return places


def test_any_odd_value_anywhere_is_refused_cleanly_or_imported(seed_file, tmp_path):
    """A deterministic sample of places in the file, each given an odd value: the import either
    succeeds or is refused with a message, never fails otherwise, and a refusal writes nothing.
    (48 places: each import of the whole seed costs about a second, and 120 made this the
    suite's slowest test.)"""
    sample = random.Random(20220528).sample(every_place(seed_file), 48)
    before = snapshot()
    outcomes = {"imported": 0, "refused": 0}
    for n, path in enumerate(sample):
        data = copy.deepcopy(seed_file)
        setter(*path, value=ODD_VALUES[n % len(ODD_VALUES)])(data)
        with transaction.atomic():
            try:
                import_file(write(tmp_path, data))
                outcomes["imported"] += 1
            except CommandError as refused:
                assert "refused, nothing imported" in str(refused), path
                assert snapshot() == before, path
                outcomes["refused"] += 1
            transaction.set_rollback(True)
    assert outcomes["refused"] > 0
