from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles and records"

    def ready(self) -> None:
        from articles import search_signals, visibility
        from articles.site.views import person_section
        from people import sections

        search_signals.connect()
        # The person page is people's; which people are public and what it shows of articles'
        # records are articles' (people/sections.py).
        sections.register_public_people(visibility.people)
        sections.register_section(person_section)
