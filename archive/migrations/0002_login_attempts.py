"""The login throttle's counts (archive/login_throttle.py): a table, so that every gunicorn worker
and every app server using this database sees the same numbers, and a count goes up atomically
(INSERT … ON CONFLICT DO UPDATE) however many attempts arrive at once."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_search_setup")]
    operations = [
        migrations.RunSQL(
            """
            CREATE TABLE archive_login_attempt (
                key text PRIMARY KEY,
                attempts integer NOT NULL,
                window_ends timestamptz NOT NULL
            );
            CREATE INDEX archive_login_attempt_window_ends ON archive_login_attempt (window_ends);
            """,
            "DROP TABLE archive_login_attempt",
        )
    ]
