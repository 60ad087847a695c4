"""The desk: what the newsroom has to do next, on the admin home (articles/templatetags/desk.py).

Each section counts its articles, lists the first few and links to the article list filtered the
same way (the list filters' own parameters), so the count on the desk is the count on the list.
A fixed number of queries whatever the number of articles: two per section, none per row.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from archive.newsroom import translation_state
from articles.models import Article, ArticleQuerySet

LISTED = 5  # articles shown per section; the link leads to the rest
RECENT_DAYS = 7


@dataclass(frozen=True)
class DeskRow:
    article: Article
    url: str  # its change form
    english_outdated: bool = False


@dataclass(frozen=True)
class DeskSection:
    key: str
    title: str
    count: int
    url: str  # the filtered article list
    rows: list[DeskRow] = field(default_factory=list)
    # Sub-counts that each lead to their own filtered list (the translation queue's two states).
    parts: list[tuple[str, int, str]] = field(default_factory=list)


def _changelist(**params: str) -> str:
    url = reverse("admin:articles_article_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _rows(queryset: ArticleQuerySet, *order: str) -> list[DeskRow]:
    return [
        DeskRow(
            article=article,
            url=reverse("admin:articles_article_change", args=[article.pk]),
            english_outdated=getattr(article, "english_outdated", False),
        )
        for article in queryset.order_by(*order)[:LISTED]
    ]


def desk_sections() -> list[DeskSection]:
    """Drafts, scheduled articles, the translation queue and recent changes."""
    articles = Article.objects.all()
    outdated = translation_state.english_out_of_date(Article)
    missing = articles.filter(translation_state.missing_english_q(Article))
    queue = articles.annotate(english_outdated=outdated).filter(
        translation_state.needs_english_q(Article)
    )
    # Whole days in the newsroom's time zone, as the list's "last changed" filter ("past 7
    # days") counts them: its link then selects that very choice.
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    since, until = today - timedelta(days=RECENT_DAYS), today + timedelta(days=1)
    recent = articles.filter(updated_at__gte=since, updated_at__lt=until)
    return [
        DeskSection(
            key="drafts",
            title=_("Drafts"),
            count=articles.drafts().count(),
            url=_changelist(public="draft"),
            rows=_rows(articles.drafts(), "-updated_at", "-pk"),
        ),
        DeskSection(
            key="scheduled",
            title=_("Scheduled (not public yet)"),
            count=articles.scheduled().count(),
            url=_changelist(public="scheduled"),
            rows=_rows(articles.scheduled(), "published_at", "pk"),
        ),
        DeskSection(
            key="translation",
            title=_("To translate (English missing or out of date)"),
            count=queue.count(),
            url=_changelist(translation="needed"),
            rows=_rows(queue, "-updated_at", "-pk"),
            parts=[
                (_("English missing"), missing.count(), _changelist(translation="missing")),
                (
                    _("English out of date"),
                    articles.filter(Q(outdated)).count(),
                    _changelist(translation="outdated"),
                ),
            ],
        ),
        DeskSection(
            key="recent",
            title=_("Changed in the last 7 days"),
            count=recent.count(),
            url=_changelist(updated_at__gte=str(since), updated_at__lt=str(until)),
            rows=_rows(recent, "-updated_at", "-pk"),
        ),
    ]
