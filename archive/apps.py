from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive"

    def ready(self) -> None:
        from archive import login_throttle  # noqa: F401  (connects the login signal receivers)
        from archive.lib import page_cache

        page_cache.connect()
