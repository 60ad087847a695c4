"""Browser tests: pytest-playwright driving Debian's chromium against Django's live server.

Playwright cannot download its own browsers here, so we launch /usr/bin/chromium. A missing
browser makes these tests fail, never skip: CI must install it (.ci/run does).
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop; Django refuses ORM calls from async contexts otherwise.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",  # the machine's network is closed
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        pytest.fail(f"Browser tests need Chromium at {CHROMIUM} (apt-get install chromium).")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where screenshots go (git-ignored; produced by every run for people to look at)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def site(settings, tmp_path):
    """The live site as a reader sees it: uploaded photos served, in a temporary media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = "tests.browser.urls"
    return settings


@pytest.fixture
def browser_world(transactional_db, site):
    """The small world of tests/readers_world.py in the live server's database."""
    from tests.readers_world import build_world

    return build_world()
