#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    from django.core.management import execute_from_command_line

    if sys.argv[1:2] == ["runserver"]:
        # Other commands start the embedded server when they first connect. runserver's
        # autoreloader never connects, so without this the server would stop each time it
        # restarts its child on a code change (the last process holding it exits).
        from archive.ops.embedded_db import start_configured_server

        start_configured_server()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
