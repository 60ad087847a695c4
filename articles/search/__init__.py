"""Full-text search of the archive, as one package; this module is its only public face.

Code outside `articles.search` imports from here and never from the modules inside, so the
package can be rearranged without touching its users (import-linter contract in pyproject).

The names load lazily (PEP 562): `articles/models.py` imports `SearchEntry` from here to
register the model, and loading the query side at that moment would import `articles.models`
while it is half-built.
"""

from importlib import import_module

# name -> the module of this package that defines it ("module:attribute" when named otherwise)
EXPORTS = {
    # the model (articles/models.py registers it) and its SQL expressions (migrations)
    "SearchEntry": "entry",
    "IsNFC": "entry",
    "WeightedVector": "entry",
    # asking: the parameters, the query text, a page of results, the exports
    "Kind": "query",
    "SearchParams": "query",
    "SearchTimeout": "query",
    "clean_query": "query",
    "code_key": "query",
    "parse_params": "query",
    "SqlBuilder": "sql",
    "run_bounded": "sql",
    "SearchResult": "results",
    "search": "results",
    "export_rows": "export",
    "SearchAdminMixin": "admin",
    # keeping the index current and fast
    "connect_signals": "signals:connect",
    "rebuild_all": "indexing.rebuild",
    "reindex": "indexing.writer",
    "MODEL_OF_KIND": "kinds",
    "indexed_slices": "planner",
    "refresh_slice_indexes": "planner",
    # meaning search (issue 16): its model, its costs for the bench
    "Embedding": "semantic.models",
    "SemanticUnavailable": "semantic.backends",
    "embedding_seconds_per_1000": "semantic.measure",
    "disk_bytes_per_million": "semantic.measure",
    # the pages (articles/urls.py) and the API (archive/api.py)
    "search_urlpatterns": "urls:urlpatterns",
    "search_router": "api:router",
}

__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> object:
    try:
        module = EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    module, _, attribute = module.partition(":")
    value = getattr(import_module(f"{__name__}.{module}"), attribute or name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
