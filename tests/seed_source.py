"""The seed article's source text, read from the shared folder beside the checkout."""

from pathlib import Path

import pytest

SOURCE_NAME = "nghe-an-standing-committee-2022-05-28.vi.txt"
CHECKOUT = Path(__file__).resolve().parent.parent

# The page furniture that closes the scraped text: the title again, then the CMS's footer.
FURNITURE_FOOTER = "POWERED BY ONECMS - A PRODUCT OF NEKO"


def source_path() -> Path:
    """`../shared/source/` beside the checkout (or beside a folder holding several worktrees)."""
    for folder in CHECKOUT.parents:
        candidate = folder / "shared" / "source" / SOURCE_NAME
        if candidate.is_file():
            return candidate
    pytest.fail(f"{SOURCE_NAME} not found in shared/source/ beside {CHECKOUT} or its parents")


def source_lines() -> list[str]:
    """The non-empty lines of the source article, page furniture included."""
    text = source_path().read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line.strip()]
