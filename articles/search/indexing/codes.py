"""Document symbols in a text ('11-QĐ/TW' → '11QDTW'), found in Python as the database's
public.vn_code_keys() finds them, so writing an entry needs no round trip for them.

vn_code_keys(t) folds accents with PostgreSQL's unaccent dictionary, takes every
`\\m[0-9]+([-/][0-9A-Za-z]+)+` holding a letter, and keeps its upper-cased letters and digits.
The only part that depends on the server is unaccent's table: each character not in ASCII is
asked of the server once per process (unaccent maps one character at a time), so the result is
the server's own, whatever its version of the rules.
"""

import re
from collections.abc import Iterable

from django.db import connection

# \m (start of a word) as a look-behind; [0-9A-Za-z] is ASCII in both regex engines.
CODE = re.compile(r"(?<!\w)([0-9]+(?:[-/][0-9A-Za-z]+)+)")
HAS_LETTER = re.compile(r"[A-Za-z]")
NOT_KEY = re.compile(r"[^0-9A-Z]+")
DIGIT = re.compile(r"[0-9]")

# Code point → what the server's unaccent makes of it, this process's cache (a str.translate
# table: characters not in it, ASCII among them, are left as they are).
_unaccented: dict[int, str] = {}


def learn_unaccent(texts: Iterable[str]) -> None:
    """Ask the server, in one query, how unaccent folds the characters not seen so far."""
    seen: set[str] = set()
    for text in texts:
        if not text.isascii():
            seen.update(text)
    unknown = sorted(c for c in seen if ord(c) > 127 and ord(c) not in _unaccented)
    if not unknown:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c, public.immutable_unaccent(c) FROM unnest(%s::text[]) AS c", [unknown]
        )
        _unaccented.update((ord(char), folded) for char, folded in cursor.fetchall())


def unaccent(text: str) -> str:
    """The text as public.immutable_unaccent() returns it (after learn_unaccent() saw it)."""
    return text if text.isascii() else text.translate(_unaccented)


# A run of characters a symbol can be made of once folded: ASCII letters, digits, _ / - and any
# character outside ASCII (unaccent may fold it into one). The other ASCII characters fold to
# themselves and are not word characters, so a symbol never crosses them and a run starts after a
# non-word character, as \m needs: each run can be folded and searched on its own.
RUN = r"[0-9A-Za-z_/\-\u0080-\U0010ffff]"
_runs_with_digits: dict[int, re.Pattern] = {}


def runs_with_digits() -> re.Pattern:
    """The runs holding a digit, or a character unaccent folds into a digit ('５', '½'): only
    these can hold a symbol, and in Vietnamese prose they are few."""
    size = len(_unaccented)
    if size not in _runs_with_digits:
        makers = "".join(
            re.escape(chr(code)) for code, folded in _unaccented.items() if DIGIT.search(folded)
        )
        _runs_with_digits.clear()
        # From a run's first character only (the look-behind), so each run is read once.
        _runs_with_digits[size] = re.compile(f"(?<!{RUN}){RUN}*?[0-9{makers}]{RUN}*+")
    return _runs_with_digits[size]


def code_keys(text: str) -> list[str]:
    """public.vn_code_keys(text), as a sorted list without repeats."""
    found = {
        code
        for run in runs_with_digits().findall(text)
        for code in CODE.findall(unaccent(run))
        if HAS_LETTER.search(code)
    }
    return sorted({NOT_KEY.sub("", code.upper()) for code in found})


def code_keys_of(texts: list[str]) -> list[list[str]]:
    """code_keys() of each text, with at most one query for characters not seen before."""
    learn_unaccent(texts)
    return [code_keys(text) for text in texts]
