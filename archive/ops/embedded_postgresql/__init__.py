"""Django's PostgreSQL backend for the embedded server: starts it on the first connection."""
