"""Interface translations and the formats Vietnamese readers expect."""

import datetime
import gettext
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import formats, translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/django.po"))


def test_there_is_a_catalog_per_language():
    assert {path.parent.parent.name for path in CATALOGS} == {"vi", "en"}


@pytest.mark.parametrize("po", CATALOGS, ids=lambda path: path.parent.parent.name)
def test_committed_mo_matches_its_po(po: Path, tmp_path):
    """Fails when a .po was edited without running `manage.py compilemessages`."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (gettext) is needed to check the catalogs"
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", fresh, po], check=True)
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run manage.py compilemessages"
    with fresh.open("rb") as new, committed.open("rb") as old:
        assert gettext.GNUTranslations(old)._catalog == gettext.GNUTranslations(new)._catalog, (
            f"{committed} is stale: run manage.py compilemessages"
        )


# The admin's own strings are left to the admin's owners: its tests read them in English.
ADMIN_SOURCES = (
    "archive/lib/images.py",  # upload checks: only the admin takes uploads
    "archive/images.py",  # its path in the .po until the catalog is next collected
    "archive/newsroom/",
    "articles/admin",  # admin.py before issue 19, the admin/ package after
    "articles/photo_upload.py",
    "templates/admin/",
)


def source_files(entry: str) -> set[str]:
    """The files a .po entry's msgid comes from (its `#: path:line …` comments)."""
    references = " ".join(re.findall(r"^#: (.*)$", entry, re.M)).split()
    return {reference.rsplit(":", 1)[0] for reference in references}


def test_vietnamese_catalog_translates_every_public_site_string():
    text = (LOCALE / "vi/LC_MESSAGES/django.po").read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]  # the first block is the header
    public = [
        entry
        for entry in entries
        if any(not path.startswith(ADMIN_SOURCES) for path in source_files(entry))
    ]
    assert len(public) > 200
    untranslated = [entry for entry in public if entry.rstrip().endswith('msgstr ""')]
    fuzzy = [entry for entry in entries if "#, fuzzy" in entry]
    assert not untranslated, untranslated[:3]
    assert not fuzzy, fuzzy[:3]


def render(template: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load archive %}" + template).render(Context(context))


PUBLISHED = datetime.datetime(2022, 5, 28, 12, 29, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def test_vietnamese_dates_and_times_read_as_in_the_newspaper():
    assert render('{{ d|date:"DATETIME_FORMAT" }}', "vi", d=PUBLISHED) == "28/05/2022 12:29"
    assert render('{{ d|date:"DATE_FORMAT" }}', "vi", d=PUBLISHED.date()) == "28/05/2022"
    assert render('{{ d|date:"DATETIME_FORMAT" }}', "en", d=PUBLISHED) == "28 May 2022, 12:29"


def test_vietnamese_input_dates_are_day_first():
    with translation.override("vi"):
        first_format = formats.get_format("DATE_INPUT_FORMATS")[0]
    assert first_format == "%d/%m/%Y"
    parsed = datetime.datetime.strptime("01/10/2024", first_format)
    assert parsed.date() == datetime.date(2024, 10, 1)


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (Decimal("100.00"), "100", "100"),
        (Decimal("1234567.50"), "1.234.567,5", "1,234,567.5"),
        (30, "30", "30"),
        (12500, "12.500", "12,500"),
    ],
)
def test_numbers_are_grouped_the_way_each_language_writes_them(value, vi, en):
    assert render("{{ v|number }}", "vi", v=value) == vi
    assert render("{{ v|number }}", "en", v=value) == en


def test_years_and_ids_are_never_grouped(client, world):
    # A deadline of 2025 must not read "2.025" even though numbers are grouped.
    html = client.get("/chi-tieu/").content.decode()
    assert "2025" in html
    assert "2.025" not in html
