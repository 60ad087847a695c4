"""The database is really PostgreSQL 18 with the extensions and configurations search needs."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def query(sql: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


def test_the_database_is_postgresql_18_or_newer():
    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 180000


def test_unaccent_and_pg_trgm_are_installed():
    names = {name for (name,) in query("SELECT extname FROM pg_extension")}
    assert {"unaccent", "pg_trgm"} <= names


def test_both_search_configurations_exist():
    names = {name for (name,) in query("SELECT cfgname FROM pg_ts_config")}
    assert {"vi", "vi_exact", "en_vn"} <= names


def test_database_character_type_treats_vietnamese_letters_as_letters():
    # Under a "C" ctype the parser would split "Nghệ" into pieces.
    [(vector,)] = query("SELECT to_tsvector('vi_exact', 'Nghệ An')::text")
    assert vector == "'an':2 'nghệ':1"


def test_trigram_similarity_tolerates_a_typo_in_a_name():
    [(score,)] = query(
        "SELECT similarity(vn_name_key('Thái Thanh Quý'), vn_name_key('thai thanh qui'))"
    )
    assert score == 1.0
