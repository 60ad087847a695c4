"""The newsroom admin for articles. Django's autodiscover imports `articles.admin`; importing
records.py here registers the ModelAdmins."""

from articles.admin import records  # noqa: F401 - registers the ModelAdmins
