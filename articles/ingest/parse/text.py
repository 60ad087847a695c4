"""Text helpers the readers share (the folded key words are compared by), and the input: an
article pasted as text or as HTML, into clean lines."""

import html
import re
import unicodedata
from html.parser import HTMLParser

from archive.lib.text import fold as fold_diacritics
from articles.ingest.parse.conventions import ABBREVIATIONS, PROVINCE


def fold(text: str) -> str:
    """Lower-case, diacritics and đ folded: the key words are compared by."""
    return fold_diacritics(text).lower()


def expand(text: str) -> str:
    for short, full in ABBREVIATIONS.items():
        text = re.sub(rf"\b{short}\b", full, text)
    return text


def title_key(title: str) -> str:
    """'Chủ tịch UBND tỉnh Nghệ An' and 'Chủ tịch Ủy ban nhân dân tỉnh' give the same key."""
    text = fold(expand(title)).replace(fold(PROVINCE), " ")
    return " ".join(re.findall(r"\w+", text))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def similarity(a: str, b: str) -> float:
    """Share of words in common (Dice), for matching an agenda item or a document title."""
    wa, wb = set(words(a)), set(words(b))
    if not wa or not wb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ“\"])", text) if s.strip()]


# ---------------------------------------------------------------- input: text or HTML


class _TextFromHtml(HTMLParser):
    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "figcaption", "br", "tr"}
    SKIP = {"script", "style", "noscript", "template", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data.replace("\n", " "))


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<\s*(p|div|h[1-6]|br|body|html|figure|article)\b", text, re.I))


def html_to_text(markup: str) -> str:
    """Block elements become lines; everything else is dropped. Broken markup is read as far as
    it goes (HTMLParser never raises on it)."""
    parser = _TextFromHtml()
    parser.feed(markup)
    parser.close()
    return html.unescape("".join(parser.parts))


def clean_lines(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n") if line.strip()]


def is_heading(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters) and len(line) < 200
