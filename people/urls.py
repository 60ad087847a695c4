"""The person page under i18n_patterns: /nguoi/<id>-<slug>/ and /en/people/<id>-<slug>/ (the path
words are gettext strings; a wrong or old slug redirects)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from people import views

app_name = "people"
urlpatterns = [
    path(_("people/<int:pk>-<slug:slug>/"), views.person_detail, name="person"),
]
