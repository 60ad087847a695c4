"""Which model each kind of search entry stands for: the indexer and the admin search both ask."""

from articles.models import Article, Document, Meeting, Photo, Statement, Target
from articles.search.entry import SearchEntry
from people.models import Organization, Person

Kind = SearchEntry.Kind
MODEL_OF_KIND: dict[str, type] = {
    Kind.ARTICLE: Article,
    Kind.STATEMENT: Statement,
    Kind.PERSON: Person,
    Kind.ORGANIZATION: Organization,
    Kind.DOCUMENT: Document,
    Kind.TARGET: Target,
    Kind.PHOTO: Photo,
    Kind.MEETING: Meeting,
}
KIND_OF_MODEL: dict[type, str] = {model: kind for kind, model in MODEL_OF_KIND.items()}
