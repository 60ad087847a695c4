"""URLs of search: /tim-kiem/ in Vietnamese, /en/search/ in English.

The path word is chosen per active language here rather than through gettext, so it works
whatever the interface catalogs hold (i18n_patterns resolves it per language).
"""

from django.urls import path
from django.utils.functional import lazy

from archive.lib.text import is_english
from articles.search import views as search_views


def _localized(vi: str, en: str) -> str:
    return en if is_english() else vi


localized = lazy(_localized, str)

urlpatterns = [
    path(localized("tim-kiem/", "search/"), search_views.search_page, name="search"),
    path(localized("tim-kiem/csv/", "search/csv/"), search_views.export_csv, name="search-csv"),
    path(localized("tim-kiem/json/", "search/json/"), search_views.export_json, name="search-json"),
    path(localized("tim-kiem/rss/", "search/rss/"), search_views.export_rss, name="search-rss"),
]
