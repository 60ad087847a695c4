"""A backup restored into a fresh database holds every record and file, identical; nobody else
on the machine can read it, and it holds no live login."""

import stat
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection

from archive.ops.backup import BackupError, create_backup, media_manifest, restore_backup
from people.models import Organization, Person


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def table_digests(conn) -> dict[str, str]:
    """One digest per application table: every row's full text, in a stable order."""
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).fetchall()
    ]
    return {
        table: conn.execute(
            f"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t"  # noqa: E501
        ).fetchone()[0]
        for table in tables
    }


def connect(dbname: str) -> psycopg.Connection:
    params = connection.settings_dict
    return psycopg.connect(
        host=params["HOST"],
        port=params["PORT"] or None,
        user=params["USER"],
        password=params["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


@pytest.fixture
def fresh_database(django_db_setup):
    # Named after this run's test database: checkouts sharing one server each get their own.
    name = f"{connection.settings_dict['NAME']}_restore_check"
    with connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_fresh_database_finds_every_record_and_file(
    tmp_path, settings, fresh_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "photos").mkdir(parents=True)
    (settings.MEDIA_ROOT / "photos" / "a.bin").write_bytes(bytes(range(256)) * 40)
    tinh_uy = Organization.objects.create(
        name_vi="Tỉnh ủy Nghệ An",
        name_en="Nghệ An Provincial Party Committee",
        slug_vi="tinh-uy-nghe-an",
        slug_en="nghe-an-provincial-party-committee",
        kind="party",
    )
    Person.objects.create(full_name="Thái Thanh Quý", slug="thai-thanh-quy", aliases=["Quí"])

    backup = create_backup(tmp_path / "backup.tar.gz")
    restore_backup(backup, database=fresh_database, media_root=tmp_path / "restored-media")

    with connect(connection.settings_dict["NAME"]) as original, connect(fresh_database) as copy:
        original_digests = table_digests(original)
        assert table_digests(copy) == original_digests
        assert original_digests["people_person"].startswith("1:")
        name = copy.execute(
            "SELECT name_en FROM people_organization WHERE id = %s", [tinh_uy.pk]
        ).fetchone()[0]
        assert name == "Nghệ An Provincial Party Committee"
    assert media_manifest(tmp_path / "restored-media") == media_manifest(settings.MEDIA_ROOT)
    assert len(media_manifest(tmp_path / "restored-media")) == 1


@pytest.mark.django_db(transaction=True)
def test_a_corrupt_backup_is_refused_and_changes_nothing(tmp_path, settings, fresh_database):
    settings.MEDIA_ROOT = tmp_path / "media"
    backup = create_backup(tmp_path / "backup.tar.gz")
    data = bytearray(backup.read_bytes())
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(bytes(data[: len(data) // 2]))
    with connect(fresh_database) as copy:
        before = table_digests(copy)
    with pytest.raises(BackupError, match="not a readable backup"):
        restore_backup(broken, database=fresh_database, media_root=tmp_path / "restored")
    with connect(fresh_database) as copy:
        assert table_digests(copy) == before
    assert not (tmp_path / "restored").exists()


@pytest.mark.django_db(transaction=True)
def test_backups_are_private_and_hold_no_sessions(tmp_path, settings, fresh_database):
    """A backup holds password hashes: only its owner may read it. Sessions are left out: a
    restored session would be a live login, valid again for as long as it had left."""
    settings.BASE_DIR = tmp_path  # `manage.py backup` writes under BASE_DIR/var/backups/
    settings.MEDIA_ROOT = tmp_path / "media"
    backups = tmp_path / "var" / "backups"
    backups.mkdir(parents=True, mode=0o755)
    backups.chmod(0o755)  # made by an older version, or by hand
    editor = get_user_model().objects.create_user("editor", password="a-long-passphrase-42")
    session = SessionStore()
    session["_auth_user_id"] = str(editor.pk)
    session.create()

    call_command("backup", stdout=StringIO())
    (backup,) = backups.iterdir()
    nested = create_backup(tmp_path / "new" / "place" / "backup.tar.gz")

    assert mode(backups) == 0o700
    assert mode(backup) == 0o600
    assert mode(nested) == 0o600
    assert mode(nested.parent) == mode(nested.parent.parent) == 0o700
    assert sorted(path.name for path in backups.iterdir()) == [backup.name]  # no leftovers

    restore_backup(backup, database=fresh_database, media_root=tmp_path / "restored-media")
    with connect(connection.settings_dict["NAME"]) as original, connect(fresh_database) as copy:
        original_digests = table_digests(original)
        copy_digests = table_digests(copy)
        assert original_digests.pop("django_session").startswith("1:")
        assert copy_digests.pop("django_session") == "0:"  # the table is there, empty
        assert copy_digests == original_digests
        assert original_digests["auth_user"].startswith("1:")
