from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SemanticConfig(AppConfig):
    """Meaning search: embeddings of the archive's units of text (issue 16)."""

    name = "articles.search.semantic"
    label = "semantic"
    verbose_name = _("Meaning search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from articles.search.semantic import signals

        signals.connect()
