"""CSV written for spreadsheet programs: the one rule against formula injection, shared by every
CSV the archive writes (search exports, the statements export)."""

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Stop spreadsheet programs from running a cell as a formula (CSV injection): such a cell
    gets a leading apostrophe, which they show as text and do not evaluate."""
    return f"'{value}" if value[:1] in FORMULA_STARTS else value
