"""The read-only JSON API for researchers, served under /api/v1/ with an OpenAPI schema.

Each app contributes routers (articles/api.py, ...); this module only assembles them.
"""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Nghệ An meeting archive API",
    version="1.0",
    description=(
        "Read-only access to the archive's structured records. Every translated field is a "
        'language map such as {"vi": "…", "en": "…"}; objects link to each other by id.'
    ),
    urls_namespace="api",
)

# Routers contributed by the apps.
from articles.api_search import router as search_router  # noqa: E402

api.add_router("", search_router)
