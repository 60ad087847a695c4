"""The admin reads Vietnamese: every admin page of ours, as an editor sees it with Vietnamese
active, shows none of our English interface strings, and the Vietnamese catalogue has no empty or
fuzzy entry.

"Interface" is the page's chrome (labels, headings, column titles, filters, actions, buttons,
help texts, inline titles and their "add another" links), not the records' own text: record data
may be English in the *_en fields, so form values, list cells and read-only values are left out.
"""

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from tests import builders as records
from tests.ingest_support import sample_text
from tests.readers_world import build_world

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
OUR_APPS = {"articles", "people", "newsroom"}
OUR_MODELS = [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]


# --- the catalogue -------------------------------------------------------------------------


@dataclass
class Entry:
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)


def _unquote(line: str) -> str:
    return json.loads(line[line.index('"') :])


def po_entries(path: Path) -> list[Entry]:
    """The entries of a .po file (obsolete `#~` ones excluded), header included."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, current = Entry(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("msgctxt "):
                entry.context, current = _unquote(line), "context"
            elif line.startswith("msgid_plural "):
                entry.plural, current = _unquote(line), "plural"
            elif line.startswith("msgid "):
                entry.msgid, current = _unquote(line), "msgid"
            elif line.startswith("msgstr"):
                entry.msgstrs.append(_unquote(line))
                current = "msgstr"
            elif line.startswith('"') and current:
                if current == "msgstr":
                    entry.msgstrs[-1] += _unquote(line)
                else:
                    setattr(entry, current, (getattr(entry, current) or "") + _unquote(line))
        if entry.msgstrs:
            entries.append(entry)
    return entries


def test_the_vietnamese_catalogue_has_no_empty_or_fuzzy_entry():
    entries = po_entries(PO)
    assert len(entries) > 300  # the parser read the catalogue
    empty = [entry.msgid for entry in entries if entry.msgid and not all(entry.msgstrs)]
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert empty == [], "untranslated"
    assert fuzzy == [], "fuzzy (a guess gettext does not use): check, then drop the flag"


def _pattern(text: str) -> str:
    # %(name)s placeholders match whatever fills them; the rest literally, word-bounded.
    parts = re.split(r"%\(\w+\)[sd]|%[sd]", text.strip())
    return r"(?<![\w])" + r".+?".join(re.escape(part) for part in parts) + r"(?![\w])"


def english_interface_strings() -> dict[str, re.Pattern]:
    """Our msgids whose Vietnamese differs from the English: seeing one means untranslated."""
    patterns = {}
    for entry in po_entries(PO):
        for english in filter(None, (entry.msgid, entry.plural)):
            if english in entry.msgstrs or "<" in english or not re.search(r"[A-Za-z]{3}", english):
                continue
            patterns[english] = re.compile(_pattern(english), re.IGNORECASE)
    return patterns


# --- the pages -----------------------------------------------------------------------------

# Elements whose text is record data, not interface.
DATA_ELEMENTS = {"script", "style", "textarea", "td"}
DATA_CLASSES = {"readonly", "inline_label", "desk-en"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
ATTRIBUTES = ("title", "placeholder", "aria-label")


class InterfaceText(HTMLParser):
    """The visible interface text of an admin page, chunk by chunk (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, inside record data)
        self.in_tbody = False

    def _data_here(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        if tag == "tbody":
            self.in_tbody = True
        is_data = (
            self._data_here()
            or tag in DATA_ELEMENTS
            or bool(classes & DATA_CLASSES)
            or (tag == "th" and self.in_tbody)  # a list row's first cell: the record's name
            or (tag == "a" and (attributes.get("href") or "").startswith(settings.MEDIA_URL))
        )
        if not is_data:
            self.chunks += [attributes[name] for name in ATTRIBUTES if attributes.get(name)]
            if tag == "input" and attributes.get("type") in {"submit", "button"}:
                self.chunks.append(attributes.get("value") or "")
            if formset := attributes.get("data-inline-formset"):
                options = json.loads(formset)["options"]
                self.chunks += [options.get("addText", ""), options.get("deleteText", "")]
        if tag not in VOID:
            self.stack.append((tag, is_data))

    def handle_endtag(self, tag):
        if tag == "tbody":
            self.in_tbody = False
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self._data_here() and data.strip():
            self.chunks.append(" ".join(data.split()))

    @classmethod
    def of(cls, html: str) -> list[str]:
        parser = cls()
        parser.feed(html)
        return [chunk for chunk in parser.chunks if chunk.strip()]


def admin_pages() -> list[str]:
    """Every admin page of ours: home (the desk), app indexes, the ingest page and, for each
    registered model, its list, its add form and the change form of a record."""
    pages = [
        reverse("admin:index"),
        reverse("admin:app_list", args=["articles"]),
        reverse("admin:app_list", args=["people"]),
        reverse("admin:articles_article_ingest"),
    ]
    for model in OUR_MODELS:
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        obj = model._base_manager.order_by("pk").first()
        assert obj is not None, f"no {opts.model_name} to open"
        pages += [
            reverse(f"{name}_changelist"),
            reverse(f"{name}_add"),
            reverse(f"{name}_change", args=[obj.pk]),
        ]
    return pages


@pytest.fixture
def archive_records(media_root):
    return build_world()  # every kind of record, body blocks included


@pytest.fixture
def editor_client(client):
    # The header greets the editor by name: a Vietnamese one, not the English-looking "editor".
    editor = records.editor()
    editor.first_name = "Hương"
    editor.save()
    client.force_login(editor)
    return client


@pytest.mark.django_db(transaction=True)
def test_no_english_interface_string_on_any_admin_page_in_vietnamese(
    editor_client, archive_records
):
    client = editor_client
    english = english_interface_strings()
    assert {"public state", "Missing English (%(count)d)", "speaker"} <= set(english)
    found = {}
    ingest = reverse("admin:articles_article_ingest")
    responses = [(url, client.get(url)) for url in admin_pages()]
    # The ingest's review screen, for an article pasted in the newspaper's form.
    responses.append((ingest, client.post(ingest, {"step": "review", "text": sample_text()})))
    assert "Tạo bản nháp" in responses[-1][1].content.decode()  # the review, not the form again
    for url, response in responses:
        assert response.status_code == 200, url
        assert response["Content-Language"] == "vi"
        for chunk in InterfaceText.of(response.content.decode()):
            for msgid, pattern in english.items():
                if pattern.search(chunk):
                    found.setdefault(f"{msgid!r} in {chunk!r}", url)
    assert found == {}, "\n".join(f"{what} on {url}" for what, url in sorted(found.items()))
    # The Django defaults are gone; our names stand in their place.
    home = client.get(reverse("admin:index")).content.decode()
    assert "Quản trị lưu trữ Báo Nghệ An" in home
    assert "Trang quản trị cho Django" not in home
    assert "Django" not in " ".join(InterfaceText.of(home))


ENGLISH_LOOKING = re.compile(r"\b[a-z]{3,}\b")


@pytest.mark.django_db(transaction=True)
def test_no_interface_text_is_left_the_same_in_both_languages(
    editor_client, archive_records, settings
):
    """A string never marked for translation is not in the catalogue, so the test above cannot
    see it; it shows as the same English text whichever language the editor reads."""
    client = editor_client
    same = {}
    for url in admin_pages():
        vietnamese = set(InterfaceText.of(client.get(url).content.decode()))
        # The admin is not under a language prefix: it speaks the default language.
        settings.LANGUAGE_CODE = "en"
        english_page = client.get(url)
        settings.LANGUAGE_CODE = "vi"
        assert english_page["Content-Language"] == "en"
        for chunk in vietnamese & set(InterfaceText.of(english_page.content.decode())):
            if chunk.isascii() and ENGLISH_LOOKING.search(chunk):
                same.setdefault(chunk, url)
    assert same == {}, "\n".join(f"{text!r} on {url}" for text, url in sorted(same.items()))
