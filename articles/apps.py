from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles and records")

    def ready(self) -> None:
        from articles.search import connect_signals

        connect_signals()
