"""Browser tests: pytest-playwright driving Debian's chromium against Django's live server.

Playwright cannot download its own browsers here, so we launch /usr/bin/chromium. A missing
browser makes these tests fail, never skip: CI must install it (.ci/run does).
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from articles.models import Article, Document, Meeting, Statement, Target, Topic
from articles.site.pages import TARGET_ORDER
from people.models import Organization, Person

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


@dataclass(frozen=True)
class Route:
    """The seed records a reader walks through: an article, one of its statements about a
    document that sets targets, the speaker, that document and its first target."""

    article: Article
    statement: Statement
    speaker: Person
    document: Document
    target: Target
    meeting: Meeting
    organization: Organization
    pillar: Topic


@pytest.fixture
def seed_route(site, seed_on_server) -> Route:
    """The seed (records, index and placeholder images) in the live server's database."""
    article = Article.objects.published().get()
    statement = (
        # Something said: a caption reporting only that someone spoke is attendance.
        Statement.objects.filter(article=article, documents__targets__isnull=False)
        .exclude(kind=Statement.Kind.SPOKE_UNREPORTED)
        .order_by("order")
        .first()
    )
    document = statement.documents.filter(targets__isnull=False).first()
    target = document.targets.order_by(*TARGET_ORDER).first()
    return Route(
        article=article,
        statement=statement,
        speaker=statement.speaker,
        document=document,
        target=target,
        meeting=article.meeting,
        organization=article.meeting.body,
        pillar=target.pillar,
    )


AXE_SOURCE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core from the npm package, vendored with its licence header (MPL-2.0)."""
    return AXE_SOURCE.read_text(encoding="utf-8")


@pytest.fixture
def serious_accessibility_violations(axe_source):
    """Run axe-core (WCAG 2.0-2.2 A and AA rules) on the page; return the serious or
    critical violations as readable strings. Injected through the DevTools protocol, which our
    Content Security Policy does not (and need not) allow for page scripts."""

    def check(page) -> list[str]:
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        return [
            f"{violation['id']} ({violation['impact']}): {violation['help']} at "
            + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
            for violation in result["violations"]
            if violation["impact"] in {"serious", "critical"}
        ]

    return check


@pytest.fixture
def console_errors(page):
    """Errors the browser reports (CSP violations among them) while the test runs."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
