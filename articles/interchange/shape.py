"""The shape of an article file, derived from the API's own schemas, and its parsing.

Every record in the file is exactly what an API detail endpoint returns, so the schemas that
validate a file are built from the API's (articles/api/schemas.py, people/schemas.py): same fields,
same nesting, with the resolvers dropped (they read models, a file holds plain values), unknown
keys refused, no type coercion ("5" is not a number), ids positive, orders not negative, text
cleaned like every stored text (archive/lib/text.py; a NUL is refused), times with their UTC offset.
A field added to an API schema is thereby required in files too, unless ADDED_FIELDS gives
the value a file without it means (a field added without changing the version).

What the public API does not publish but a faithful copy needs (the workflow status, orders and
sources of positions, topic descriptions…) travels beside the records, under `editorial`.
"""

import types
from datetime import datetime
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from ninja import Schema
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    FiniteFloat,
    ValidationError,
    create_model,
)

from archive.lib.api import LangMap
from archive.lib.text import clean_text
from articles.api.schemas import (
    ArticleDetail,
    DocumentDetail,
    MeetingDetail,
    TargetOut,
    TopicOut,
)
from articles.models import Target
from people.schemas import OrganizationDetail, PersonDetail

FORMAT = "nghe-an-archive/article"
VERSION = 2
MAX_ERRORS_SHOWN = 20


def _clean_text(value: str) -> str:
    # A NUL says the file is broken, so it is refused; the rest is cleaned as the models clean
    # it on save, so that a file's text compares equal to what its import stored.
    if "\x00" in value:
        raise ValueError("text contains a NUL character")
    return clean_text(value)


Text = Annotated[str, AfterValidator(_clean_text)]
# Ids are positive PostgreSQL bigints; orders and years fit in smaller columns, which the
# models check.
Whole = Annotated[int, Field(ge=0, le=2**63 - 1)]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


class FileRecord(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _holds_ids(field_name: str) -> bool:
    return field_name == "id" or field_name.endswith(("_id", "_ids"))


def _for_files(annotation: Any, *, ids: bool = False) -> Any:
    """The annotation of an API field as a file declares it (`ids`: the field holds ids)."""
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        return file_schema(annotation)
    replacements = {
        str: Text,
        int: Id if ids else Whole,
        float: FiniteFloat,
        datetime: AwareDatetime,
    }
    if annotation in replacements:
        return replacements[annotation]
    origin = get_origin(annotation)
    if origin is list:
        return list[_for_files(get_args(annotation)[0], ids=ids)]
    if origin in (Union, types.UnionType):
        return Union[tuple(_for_files(arg, ids=ids) for arg in get_args(annotation))]  # noqa: UP007
    return annotation


# Fields the API gained after files of this version were written, with what a file without
# one means. A newer file carries them; an older one still imports.
ADDED_FIELDS: dict[tuple[type[Schema], str], Any] = {
    (TargetOut, "measure"): Target.Measure.QUANTITY.value,
}


def _default(api_schema: type[Schema], name: str) -> Any:
    for cls in api_schema.__mro__:
        if (cls, name) in ADDED_FIELDS:
            return ADDED_FIELDS[(cls, name)]
    return ...


@cache
def file_schema(api_schema: type[Schema]) -> type[FileRecord]:
    """A pydantic model accepting what `api_schema` produces, and nothing else."""
    fields = {
        name: (_for_files(field.annotation, ids=_holds_ids(name)), _default(api_schema, name))
        for name, field in api_schema.model_fields.items()
    }
    return create_model(api_schema.__name__, __base__=FileRecord, **fields)


LangMapIn = file_schema(LangMap)
ArticleIn = file_schema(ArticleDetail)
PersonIn = file_schema(PersonDetail)
OrganizationIn = file_schema(OrganizationDetail)
DocumentIn = file_schema(DocumentDetail)
MeetingIn = file_schema(MeetingDetail)
TopicIn = file_schema(TopicOut)


class DocumentLinkExtra(FileRecord):
    document_id: Id
    order: Whole


class PositionExtra(FileRecord):
    id: Id
    order: Whole
    source_url: Text


class TopicExtra(FileRecord):
    id: Id
    description: LangMapIn
    order: Whole


class Editorial(FileRecord):
    """What the public API leaves out: the article's workflow status (the API shows published
    articles only), the targets this article reports (`Target.article`, edited inline on the
    article in the admin), the order of its document links, each position's order and source,
    and each topic's description and order."""

    status: Text
    reported_target_ids: list[Id]
    document_orders: list[DocumentLinkExtra]
    positions: list[PositionExtra]
    topics: list[TopicExtra]


class ArticleFile(FileRecord):
    format: Literal[FORMAT]
    version: Literal[VERSION]
    article: ArticleIn
    editorial: Editorial
    people: list[PersonIn]
    organizations: list[OrganizationIn]
    documents: list[DocumentIn]
    meetings: list[MeetingIn]
    topics: list[TopicIn]


class _Envelope(BaseModel):
    format: Any = None
    version: Any = None


class ImportRefused(Exception):
    """The file cannot be imported; the message says where and why."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = problems[:MAX_ERRORS_SHOWN]
        more = len(problems) - len(shown)
        super().__init__("\n".join(shown + ([f"… and {more} more"] if more > 0 else [])))


def place(location: tuple[int | str, ...]) -> str:
    """("article", "statements", 3, "text", "vi") -> "article.statements[3].text.vi"."""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text or "file"


def parse(text: str | bytes) -> ArticleFile:
    """The file's content, validated; ImportRefused lists every problem with its place."""
    try:
        envelope = _Envelope.model_validate_json(text)
    except ValidationError as error:
        first = error.errors()[0]
        if first["type"] == "json_invalid":
            raise ImportRefused([f"file: not valid JSON ({first['msg']})"]) from None
        raise ImportRefused(["file: expected a JSON object"]) from None
    if (envelope.format, envelope.version) != (FORMAT, VERSION):
        raise ImportRefused(
            [
                f'file: not an article export of format "{FORMAT}", version {VERSION} '
                f"(it says format {envelope.format!r}, version {envelope.version!r})"
            ]
        )
    try:
        return ArticleFile.model_validate_json(text)
    except ValidationError as error:
        raise ImportRefused(
            [f"{place(problem['loc'])}: {problem['msg']}" for problem in error.errors()]
        ) from None
