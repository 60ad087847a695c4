"""The article: its title, byline, lead and body blocks, then each kind of record read from them."""

import datetime as dt

from articles.ingest.parse.conventions import BYLINE, CAPTION, FURNITURE, LEAD_PREFIX
from articles.ingest.parse.documents import find_documents
from articles.ingest.parse.meeting import find_meeting
from articles.ingest.parse.people import find_people
from articles.ingest.parse.records import Block, Extraction
from articles.ingest.parse.statements import find_statements
from articles.ingest.parse.targets import find_targets
from articles.ingest.parse.text import clean_lines, html_to_text, is_heading, looks_like_html


def parse_article(text: str, *, html_input: bool | None = None) -> Extraction:
    """Read an article in the newspaper's form; what it cannot read goes to `problems`."""
    if html_input or (html_input is None and looks_like_html(text)):
        text = html_to_text(text)
    lines = clean_lines(text)
    result = Extraction()
    if not lines:
        result.problems.append("empty")
        return result
    result.title = lines[0]
    position = 1
    if position < len(lines) and (byline := BYLINE.match(lines[position])):
        result.byline = byline.group("name").strip()
        try:
            result.published_at = dt.datetime(
                int(byline.group("y")),
                int(byline.group("m")),
                int(byline.group("d")),
                int(byline.group("H") or 0),
                int(byline.group("M") or 0),
            )
        except ValueError:
            result.problems.append("byline-date")
        position += 1
    else:
        result.problems.append("byline")
    if position < len(lines) and LEAD_PREFIX.match(lines[position]):
        result.lead = LEAD_PREFIX.sub("", lines[position])
        position += 1
    else:
        result.problems.append("lead")
    body = lines[position:]
    # The scraped page repeats the title and adds the CMS footer after the body.
    while body and (FURNITURE.match(body[-1]) or body[-1] == result.title):
        body.pop()

    for line in body:
        caption = CAPTION.match(line)
        if caption and caption.group("caption"):
            result.blocks.append(
                Block("photo", caption.group("caption").strip(), credit=caption.group("credit"))
            )
        elif is_heading(line):
            result.blocks.append(Block("heading", line))
        else:
            result.blocks.append(Block("paragraph", line))
    if not any(b.kind == "paragraph" for b in result.blocks):
        result.problems.append("body")

    texts = [result.lead, *[b.text for b in result.blocks]]
    result.people = find_people(texts)
    for block in result.blocks:
        if block.kind == "photo":
            block.people = [p.name for p in result.people if p.name in block.text]
    result.documents = find_documents(texts)
    result.meeting, result.agenda = find_meeting(result)
    result.statements = find_statements(result)
    result.targets = find_targets(result)
    return result
