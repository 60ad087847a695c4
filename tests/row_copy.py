"""Loading the seed once per test process and copying its rows into each test that wants it
(`seed`, `indexed_seed` and `seed_on_server` in tests/conftest.py): a fixture load costs
seconds, a copy milliseconds."""

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction

from archive.lib.page_cache import bump_content_version


class TableRows:
    """The rows a load leaves in the database, table by table, to be copied back in.

    `manage.py loaddata` of the seed costs 1-3 s (a save and its signals per record), `load_seed`
    with its index ~5 s; copying their rows back with COPY costs milliseconds, and the rows are
    the same bytes. Only tables the load filled from empty are kept: a load that adds rows to a
    table that already had some (groups, content types) cannot be replayed this way, and says
    so."""

    def __init__(self) -> None:
        self.tables: list[tuple[str, str, bytes]] = []  # table, column list, COPY data
        self.sequences: list[str] = []
        self.unflushed: list[str] = []  # tables Django's flush leaves (the search vocabulary)
        # A flush (a test that commits) makes the content types again, under new ids: rows
        # that name one (translation states) are given the new ids.
        self.content_types: dict[int, str] = {}
        self.typed: list[str] = []  # tables with a content_type_id column

    @classmethod
    def captured(cls, load: Callable[[], object]) -> "TableRows":
        """Run `load()` in a transaction that is rolled back, and keep what it wrote."""
        with transaction.atomic():
            rows = cls._capture(load)
            transaction.set_rollback(True)
        return rows

    @classmethod
    def committed(cls, load: Callable[[], object]) -> "TableRows":
        """Run `load()` as it runs on a server (its on-commit work done), keep what it wrote,
        and empty those tables again."""
        rows = cls._capture(load)
        with connection.cursor() as cursor:
            names = ", ".join(table for table, _, _ in rows.tables)
            cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        return rows

    @classmethod
    def _capture(cls, load: Callable[[], object]) -> "TableRows":
        rows = cls()
        tables = connection.introspection.table_names()
        before = _row_counts(tables)
        load()
        after = _row_counts(tables)
        changed = [t for t in tables if after[t] != before[t]]
        if refilled := [t for t in changed if before[t]]:
            raise RuntimeError(f"the load added rows to non-empty tables: {refilled}")
        with connection.cursor() as cursor:
            for table in changed:
                columns = ", ".join(_stored_columns(cursor, table))
                with cursor.copy(f"COPY (SELECT {columns} FROM {table}) TO STDOUT") as copy:
                    data = b"".join(bytes(block) for block in copy)
                rows.tables.append((table, columns, data))
        models = apps.get_models(include_auto_created=True)
        rows.sequences = connection.ops.sequence_reset_sql(
            no_style(), [m for m in models if m._meta.db_table in changed]
        )
        flushed = set(connection.introspection.django_table_names(only_existing=True))
        rows.unflushed = [t for t in changed if t not in flushed]
        rows.content_types = dict(_content_types())
        rows.typed = [
            t for t, columns, _ in rows.tables if "content_type_id" in columns.split(", ")
        ]
        return rows

    def copy_in(self) -> None:
        # One transaction: the foreign keys are deferred, so the tables' order does not matter.
        # The sequences move past the copied ids (a truncation may have restarted them).
        with transaction.atomic(), connection.cursor() as cursor:
            if self.unflushed:
                cursor.execute(f"TRUNCATE {', '.join(self.unflushed)}")
            for table, columns, data in self.tables:
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    copy.write(data)
            for statement in self.sequences:
                cursor.execute(statement)
            now = {label: pk for pk, label in _content_types()}
            moved = {old: now[label] for old, label in self.content_types.items()}
            moved = {old: new for old, new in moved.items() if old != new}
            for table in self.typed if moved else ():
                # Through negative ids: no row takes, even for a moment, another row's key.
                cursor.execute(
                    f"UPDATE {table} t SET content_type_id = -m.new"
                    " FROM unnest(%s::int[], %s::int[]) m(old, new)"
                    " WHERE t.content_type_id = m.old",
                    [list(moved), list(moved.values())],
                )
                cursor.execute(
                    f"UPDATE {table} SET content_type_id = -content_type_id"
                    " WHERE content_type_id < 0"
                )


@dataclass(frozen=True)
class SeedOnServer:
    """A committed load's rows and the files it wrote under MEDIA_ROOT (the seed's images)."""

    rows: TableRows
    media: Path

    def put(self) -> None:
        """Commit the rows, copy the files into the current MEDIA_ROOT, and tell the page cache
        the records changed (no save signal does: the rows arrive by COPY)."""
        self.rows.copy_in()
        shutil.copytree(self.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
        bump_content_version()


def _row_counts(tables: list[str]) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in tables))
        return dict(cursor.fetchall())


def _content_types() -> list[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app_label || '.' || model FROM django_content_type")
        return cursor.fetchall()


def _stored_columns(cursor, table: str) -> list[str]:
    """The columns COPY can write: not the generated ones (search vectors)."""
    cursor.execute(
        "SELECT quote_ident(column_name) FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = %s AND is_generated = 'NEVER'"
        " ORDER BY ordinal_position",
        [table],
    )
    return [name for (name,) in cursor.fetchall()]
