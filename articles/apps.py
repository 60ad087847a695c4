from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and records"

    def ready(self) -> None:
        from articles.search import connect_signals

        connect_signals()
