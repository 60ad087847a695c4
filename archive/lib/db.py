"""Database errors every part of the site maps the same way."""

QUERY_CANCELED = "57014"  # PostgreSQL's SQLSTATE for a statement stopped by statement_timeout


def is_statement_timeout(error: BaseException) -> bool:
    """Whether a database error is a statement stopped by its timeout. Django re-raises psycopg's
    error as its own; the original, which carries the SQLSTATE, is the cause."""
    return getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED
