"""Database helpers every part of the site shares: the timeout error, one callback per commit."""

from django.db import connection, transaction

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement stopped by statement_timeout


def is_statement_timeout(error: BaseException) -> bool:
    """Whether a database error is a statement stopped by its timeout. Django re-raises psycopg's
    error as its own; the original, which carries the SQLSTATE, is the cause."""
    return getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED


def pending_on_commit[T](kind: type[T]) -> T:
    """The current transaction's pending `kind` callback (one per transaction, registered with
    on_commit when made); outside a transaction a fresh one, which the caller runs at once."""
    if connection.in_atomic_block:
        for _, callback, _ in connection.run_on_commit:
            if isinstance(callback, kind) and not callback.done:
                return callback
    callback = kind()
    if connection.in_atomic_block:
        transaction.on_commit(callback)
    return callback
