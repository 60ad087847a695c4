"""The alerts' background tasks (run by `manage.py db_worker`, `make worker`)."""

from articles.alerts.delivery import send_digest

__all__ = ["send_digest"]
