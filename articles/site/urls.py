"""Public pages under i18n_patterns: the path words are gettext strings (vi in locale/vi).

Object URLs are `<id>-<slug>`: the id finds the object, a wrong or old slug redirects. The person
page is people's (people/urls.py); its feeds are articles' (statements), so they are here.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from articles.search import search_urlpatterns
from articles.site import feeds, views

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path(_("articles/<int:pk>-<slug:slug>/"), views.article_detail, name="article"),
    path(_("organizations/<int:pk>-<slug:slug>/"), views.organization_detail, name="organization"),
    path(_("documents/<int:pk>-<slug:slug>/"), views.document_detail, name="document"),
    path(_("meetings/<int:pk>-<slug:slug>/"), views.meeting_detail, name="meeting"),
    path(_("topics/<int:pk>-<slug:slug>/"), views.topic_detail, name="topic"),
    path(_("targets/"), views.targets_overview, name="targets"),
    # Feeds: the latest articles, what one official said, the reporting on one document.
    path("rss.xml", feeds.LatestArticlesRss(), name="feed-rss"),
    path("atom.xml", feeds.LatestArticlesAtom(), name="feed-atom"),
    path(_("people/<int:pk>-<slug:slug>/rss.xml"), feeds.PersonStatementsRss(), name="person-rss"),
    path(
        _("people/<int:pk>-<slug:slug>/atom.xml"),
        feeds.PersonStatementsAtom(),
        name="person-atom",
    ),
    path(
        _("documents/<int:pk>-<slug:slug>/rss.xml"),
        feeds.DocumentArticlesRss(),
        name="document-rss",
    ),
    path(
        _("documents/<int:pk>-<slug:slug>/atom.xml"),
        feeds.DocumentArticlesAtom(),
        name="document-atom",
    ),
]

# Search (owned by articles/search/urls.py): /tim-kiem/ and /en/search/.

urlpatterns += search_urlpatterns
