from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "archive.newsroom"
    label = "newsroom"  # the app label its tables, permissions and migrations use
    verbose_name = _("Newsroom")

    def ready(self) -> None:
        # Registered here, not in models.py: modeltranslation adds the _vi/_en columns in its own
        # ready(), which runs first, so the history tables copy the translated columns too.
        from archive.newsroom import history, roles, translation_state

        history.register_models()
        translation_state.connect_signals()
        # Keeps the groups' permissions complete when later migrations add models.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
