from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """E-mail alerts: follow an official, a document, a pillar or a search (issue 17)."""

    name = "articles.alerts"
    label = "alerts"
    verbose_name = _("Alerts")
    default_auto_field = "django.db.models.BigAutoField"
