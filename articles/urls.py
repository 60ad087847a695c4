from django.urls import path
from django.utils.translation import gettext_lazy as _

from articles import views

app_name = "articles"
urlpatterns = [
    path("", views.home, name="home"),
    path(_("articles/<int:pk>-<slug:slug>/"), views.home, name="article"),
    path(_("people/<int:pk>-<slug:slug>/"), views.home, name="person"),
    path(_("organizations/<int:pk>-<slug:slug>/"), views.home, name="organization"),
    path(_("documents/<int:pk>-<slug:slug>/"), views.home, name="document"),
    path(_("meetings/<int:pk>-<slug:slug>/"), views.home, name="meeting"),
    path(_("topics/<int:pk>-<slug:slug>/"), views.home, name="topic"),
]

# Search (owned by articles/search_urls.py): /tim-kiem/ and /en/search/.
from articles.search_urls import urlpatterns as search_urlpatterns  # noqa: E402

urlpatterns += search_urlpatterns
