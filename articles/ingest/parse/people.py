"""People: who the article names, with the titles printed beside them, and how a paragraph may
refer to each of them later."""

import re

from articles.ingest.parse.conventions import (
    ACTION_WORDS,
    COMRADE_NAME,
    COMRADE_NAME_TITLE,
    HEAD_ROLES,
    LIST_ITEM,
    LISTED,
    NAME_WORD,
    PROVINCE,
    ROLES,
    SURNAMES,
    UNIT_OF_ROLE,
)
from articles.ingest.parse.records import PersonMention, Post
from articles.ingest.parse.text import title_key


def split_posts(title: str) -> list[Post]:
    """'Ủy viên Ban Thường vụ, Trưởng ban Dân vận Tỉnh ủy' -> two posts; an abbreviated body
    ('Ban Thường vụ') borrows the last post's level ('Tỉnh ủy'), as readers do."""
    parts = [p.strip(" ,") for p in re.split(r",\s*", title) if p.strip(" ,")]
    posts = []
    for part in parts:
        role = next((r for r in ROLES if part == r or part.startswith(r + " ")), "")
        if not role:
            continue
        body = part[len(role) :].strip()
        # "Trưởng ban Dân vận" heads the Ban Dân vận: the role's last word names the body.
        unit = UNIT_OF_ROLE.get(role.removeprefix("Phó ").removesuffix(" Thường trực"))
        if unit and body and not body.startswith(unit):
            body = f"{unit} {body}"
        posts.append(Post(title=part, role=role, organization=body))
    if posts:
        level = next(
            (lv for lv in ("Tỉnh ủy", "tỉnh") if posts[-1].title.endswith(lv)),
            "",
        )
        for post in posts[:-1]:
            if level and post.organization in ("Ban Thường vụ", "Ban Chấp hành"):
                post.title = f"{post.title} {level}"
                post.organization = f"{post.organization} {level}"
    return posts


def cut_title(text: str) -> str:
    """A printed title runs until what the person does next (a verb) or the clause ends."""
    cut = len(text)
    folded = text
    for word in ACTION_WORDS:
        found = re.search(rf"\s{re.escape(word)}\b", folded)
        if found:
            cut = min(cut, found.start())
    return text[:cut].strip(" ,")


def find_people(lines: list[str]) -> list[PersonMention]:
    people: dict[str, PersonMention] = {}

    def add(name: str, title: str, evidence: str) -> None:
        name = name.strip()
        mention = people.setdefault(name, PersonMention(name=name, evidence=evidence))
        for post in split_posts(cut_title(title)):
            if all(title_key(p.title) != title_key(post.title) for p in mention.posts):
                mention.posts.append(post)
        if not mention.evidence:
            mention.evidence = evidence

    for line in lines:
        for listed in LISTED.finditer(line):
            for item in listed.group("list").split(";"):
                found = LIST_ITEM.match(item)
                if found:
                    add(found.group("name"), found.group("title"), line)
        for found in COMRADE_NAME_TITLE.finditer(line):
            add(found.group("name"), found.group("title"), line)
    # Names after a title: "Bí thư Tỉnh ủy Nghệ An Thái Thanh Quý", "Giám đốc Sở X Trần Văn A".
    role_pattern = "|".join(re.escape(r) for r in ROLES)
    after_title = re.compile(
        rf"(?<![\wÀ-ỹ])(?P<title>(?:{role_pattern})(?:[ ,]+[^\s,.;:]+){{0,12}}?)\s+"
        rf"(?P<name>(?:{'|'.join(sorted(SURNAMES))})(?:\s+{NAME_WORD}){{1,3}})(?![\wÀ-ỹ])"
    )
    for line in lines:
        for found in after_title.finditer(line):
            name = found.group("name")
            title = found.group("title")
            # A known name seen inside a longer run ("… Tỉnh ủy Nghệ An Thái Thanh Quý").
            if name not in people and any(name.endswith(" " + k) for k in people):
                continue
            add(name, title.replace(f" {PROVINCE}", "") if name not in people else "", line)
    for line in lines:
        for found in COMRADE_NAME.finditer(line):
            if found.group("name") not in people and found.group("name").split()[0] in SURNAMES:
                add(found.group("name"), "", line)
    return list(people.values())


def reference_patterns(people: list[PersonMention]) -> list[tuple[re.Pattern | str, str]]:
    """How a paragraph may refer to each person: the name, a title held by nobody else, or
    'người đứng đầu ORG' for the one who heads it."""
    holders: dict[str, set[str]] = {}
    heads: dict[str, set[str]] = {}
    for person in people:
        for post in person.posts:
            holders.setdefault(title_key(post.title), set()).add(person.name)
            if post.role in HEAD_ROLES and post.organization:
                heads.setdefault(title_key(post.organization), set()).add(person.name)
    patterns: list[tuple[re.Pattern | str, str]] = []
    for person in people:
        patterns.append((re.compile(rf"(?:[Đđ]ồng chí\s+)?{re.escape(person.name)}"), person.name))
    return patterns + [
        (key, names.pop())
        for key, names in [(f"title:{k}", v) for k, v in holders.items()]
        + [(f"head:{k}", v) for k, v in heads.items()]
        if len(names) == 1
    ]
