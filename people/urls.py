"""The person pages under i18n_patterns: the index /nguoi/ (/en/people/) and each person's page
/nguoi/<id>-<slug>/ and /en/people/<id>-<slug>/ (the path words are gettext strings; a wrong or
old slug redirects)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from people import views

app_name = "people"
urlpatterns = [
    path(_("people/"), views.person_index, name="index"),
    path(_("people/<int:pk>-<slug:slug>/"), views.person_detail, name="person"),
]
