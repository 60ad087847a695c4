"""Turning what an editor pasted or uploaded into text, with a clear reason when it cannot."""

MAX_BYTES = 2 * 1024 * 1024  # an article is a few tens of kB; anything near this is not one
ALLOWED_SUFFIXES = (".txt", ".html", ".htm")


class SourceError(ValueError):
    """The input is not an article's text; the message says why, for the editor."""


def read_source(raw: bytes, name: str = "") -> str:
    from django.utils.translation import gettext as _

    if name and not name.lower().endswith(ALLOWED_SUFFIXES):
        raise SourceError(_("Only .txt and .html files can be imported."))
    if len(raw) > MAX_BYTES:
        raise SourceError(
            _("The file is too large (%(size)d MB); an article is at most %(max)d MB.")
            % {"size": len(raw) // (1024 * 1024), "max": MAX_BYTES // (1024 * 1024)}
        )
    if b"\x00" in raw:
        raise SourceError(_("The file is not text (it looks like a binary file)."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(_("The file is not UTF-8 text.")) from error
    if not text.strip():
        raise SourceError(_("The text is empty."))
    return text
