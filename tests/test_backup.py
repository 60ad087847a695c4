"""A backup restored into a fresh database holds every record and file, identical."""

import psycopg
import pytest
from django.db import connection

from archive.backup import BackupError, create_backup, media_manifest, restore_backup
from people.models import Organization, Person

RESTORE_DB = "test_archive_restore_check"


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
def fresh_database():
    with connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}"')
        admin.execute(f'CREATE DATABASE "{RESTORE_DB}"')
    yield RESTORE_DB
    with connect("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{RESTORE_DB}" WITH (FORCE)')


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
