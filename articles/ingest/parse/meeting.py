"""The meeting the article reports: when, which body, who chaired, attended and presented, and
its agenda; and the document it was about."""

import datetime as dt
import re

from articles.ingest.parse.conventions import (
    AGENDA_OPENERS,
    CHAIR_AFTER,
    LIST_ITEM,
    MEETING_PHRASE,
    NAME,
    SESSION_DATE,
)
from articles.ingest.parse.documents import mentioned_documents
from articles.ingest.parse.records import AgendaMention, DocumentMention, Extraction, MeetingMention
from articles.ingest.parse.text import similarity, words


def find_meeting(result: Extraction) -> tuple[MeetingMention | None, list[AgendaMention]]:
    paragraphs = [b.text for b in result.blocks if b.kind == "paragraph"]
    captions = [b for b in result.blocks if b.kind == "photo"]
    everything = [*paragraphs, *(b.text for b in captions)]
    meeting: MeetingMention | None = None
    agenda: list[AgendaMention] = []
    for paragraph in paragraphs[:4]:
        date = SESSION_DATE.match(paragraph)
        phrase = MEETING_PHRASE.search(paragraph)
        if not (date or phrase):
            continue
        day = None
        if date and result.published_at:
            try:
                day = dt.date(
                    int(date.group("y") or result.published_at.year),
                    int(date.group("m")),
                    int(date.group("d")),
                )
            except ValueError:
                day = None
        meeting = MeetingMention(
            date=day or (result.published_at.date() if result.published_at else None),
            time_of_day=(date.group("tod") or "").capitalize() if date else "",
            kind=phrase.group("kind").strip()[:1].upper() + phrase.group("kind").strip()[1:]
            if phrase
            else "",
            body=phrase.group("body").strip() if phrase else "",
            chair="",
            attendees=[],
            presenters=[],
            other_attendees="",
            evidence=paragraph,
        )
        opener = AGENDA_OPENERS.search(paragraph)
        if opener:
            agenda.append(_agenda_item(paragraph[opener.end() :].rstrip(". "), paragraph, result))
        break
    if meeting is None:
        return None, agenda

    for text in everything:
        chair = re.search(rf"[Đđ]ồng chí\s+(?P<name>{NAME})\s*[-–][^.]*?\bchủ trì\b", text)
        chair = chair or CHAIR_AFTER.search(text)
        if chair and not meeting.chair:
            meeting.chair = chair.group("name")
        listed = re.search(r"^Dự[^:]*có các đồng chí\s*:\s*(?P<list>.+)$", text)
        if listed:
            others = []
            for item in listed.group("list").rstrip(". ").split(";"):
                found = LIST_ITEM.match(item)
                if found:
                    meeting.attendees.append(found.group("name"))
                elif item.strip():
                    others.append(item.strip())
            other = "; ".join(others)
            meeting.other_attendees = other[:1].upper() + other[1:]
    # Those a caption shows speaking or presenting were there too.
    for caption in captions:
        for name in caption.people:
            if name == meeting.chair or name in meeting.attendees or name in meeting.presenters:
                continue
            if re.search(rf"{re.escape(name)}[^.]*\btrình bày\b", caption.text):
                meeting.presenters.append(name)
            else:
                meeting.attendees.append(name)

    # "… cho ý kiến vào nhiều nội dung quan trọng khác như: A; B; nghe báo cáo và … C."
    for paragraph in paragraphs[1:]:
        opener = re.search(r"(?:nội dung|vấn đề)[^:]{0,40}(?:như|gồm)\s*:\s*", paragraph)
        if not opener or not re.search(r"cho ý kiến|thảo luận|nghe", paragraph[: opener.start()]):
            continue
        for item in paragraph[opener.end() :].split(";"):
            item = re.sub(
                r"^\s*(?:nghe báo cáo và thống nhất|nghe báo cáo|thống nhất)\s+", "", item
            )
            item = item.strip(" .…")
            if len(words(item)) >= 4:
                agenda.append(_agenda_item(item, paragraph, result))
    return meeting, agenda


def _agenda_item(title: str, evidence: str, result: Extraction) -> AgendaMention:
    title = title.strip(" .…")
    title = title[:1].upper() + title[1:]
    docs = mentioned_documents(title, result.documents)
    own = [k for k in docs if similarity(result_doc(result, k).title, title) > 0.5]
    presenter = ""
    for block in result.blocks:
        if (
            block.kind == "photo"
            and "trình bày" in block.text
            and similarity(block.text, title) > 0.6
        ):
            presenter = next(iter(block.people), "")
    return AgendaMention(
        title=title, document=(own or docs or [""])[0], presenter=presenter, evidence=evidence
    )


def result_doc(result: Extraction, key: str) -> DocumentMention:
    return next(d for d in result.documents if d.key == key)


def main_document(result: Extraction) -> str:
    """The document the meeting was about: its first agenda item's, else the first one the
    meeting's opening paragraph names."""
    for item in result.agenda:
        if item.document:
            return item.document
    if result.meeting:
        return next(iter(mentioned_documents(result.meeting.evidence, result.documents)), "")
    return ""
