"""WSGI entry point (gunicorn archive.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from archive.ops.embedded_db import start_configured_server

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
application = get_wsgi_application()
# Each worker joins the embedded server as it boots, not while its first request waits.
start_configured_server()
