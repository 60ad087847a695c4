"""The seed article's source text, kept verbatim in fixtures/source/ beside its records."""

from pathlib import Path

SOURCE_NAME = "nghe-an-standing-committee-2022-05-28.vi.txt"
CHECKOUT = Path(__file__).resolve().parent.parent

# The page furniture that closes the scraped text: the title again, then the CMS's footer.
FURNITURE_FOOTER = "POWERED BY ONECMS - A PRODUCT OF NEKO"


def source_path() -> Path:
    """A verbatim copy of ../shared/source/, so a clone alone can check the fixture against it."""
    return CHECKOUT / "fixtures" / "source" / SOURCE_NAME


def source_lines() -> list[str]:
    """The non-empty lines of the source article, page furniture included."""
    text = source_path().read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line.strip()]
