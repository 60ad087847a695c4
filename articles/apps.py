from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles and records")

    def ready(self) -> None:
        from articles import visibility
        from articles.search import connect_signals
        from articles.site.views import person_section
        from people import sections

        connect_signals()
        # The person page is people's; which people are public and what it shows of articles'
        # records are articles' (people/sections.py).
        sections.register_public_people(visibility.people)
        sections.register_section(person_section)
