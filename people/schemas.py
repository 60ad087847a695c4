"""API shapes of people, organizations and positions. Names of people are never translated."""

from datetime import date
from typing import Any

from ninja import Schema

from archive.lib.api import LangMap, UrlMap, absolute_file_url, public_urls, translated
from people.models import Person


class PositionOut(Schema):
    """A post held, e.g. {"vi": "Bí thư Tỉnh ủy", "en": "Secretary of the Provincial Party …"}."""

    id: int
    person_id: int
    organization_id: int
    role: LangMap
    title: LangMap
    start_date: date | None
    end_date: date | None
    attested_on: date | None

    resolve_role = translated("role")
    resolve_title = translated("title")


class PersonOut(Schema):
    id: int
    full_name: str
    slug: str
    url: UrlMap
    positions: list[PositionOut]

    resolve_url = public_urls()


class PersonDetail(PersonOut):
    aliases: list[str]
    portrait: str | None
    statement_ids: list[int]

    @staticmethod
    def resolve_portrait(obj: Person, context: dict[str, Any]) -> str | None:
        return absolute_file_url(context, obj.portrait)


class OrganizationOut(Schema):
    id: int
    kind: str
    name: LangMap
    short_name: LangMap
    slug: LangMap
    parent_id: int | None
    url: UrlMap

    resolve_name = translated("name")
    resolve_short_name = translated("short_name")
    resolve_slug = translated("slug")
    resolve_url = public_urls()


class OrganizationDetail(OrganizationOut):
    child_ids: list[int]
    positions: list[PositionOut]
