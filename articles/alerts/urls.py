"""Alerts pages, under i18n_patterns: the path words are gettext strings (vi in locale/vi)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from articles.alerts import views

app_name = "alerts"
urlpatterns = [
    path(_("alerts/follow/"), views.follow, name="follow"),
    path(_("alerts/follow/sent/"), views.follow_sent, name="follow-sent"),
    path(_("alerts/confirm/<str:token>/"), views.confirm, name="confirm"),
    path(_("alerts/manage/<str:token>/"), views.manage, name="manage"),
    path(_("alerts/unsubscribe/<str:token>/"), views.unsubscribe, name="unsubscribe"),
]
