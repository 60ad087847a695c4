"""The read-only JSON API for researchers, served under /api/v1/ with an OpenAPI schema.

Each app contributes its endpoints (articles/api.py, people/api.py); this module assembles them.
The interactive docs page (/api/v1/docs) uses django-ninja's bundled Swagger UI files, served
from our own static files with no inline script, so it needs no CDN and passes the CSP.
"""

from ninja import NinjaAPI

from articles import api as articles_api
from articles import visibility
from articles.search import search_router
from people import api as people_api

api = NinjaAPI(
    title="Nghệ An meeting archive API",
    version="1.0",
    description=(
        "Read-only access to the archive's structured records. Every translated field is a "
        'language map such as {"vi": "…", "en": "…"} (null where a translation is missing); '
        "every object has its `id` and `url`, its public page in each language; objects link "
        "to each other by id. Lists are paginated with `page` and `page_size` (at most 100). "
        "Only published articles and the records they report appear."
    ),
    urls_namespace="api",
)
api.add_router("/", articles_api.router)
api.add_router("/", people_api.build_router(visibility))
api.add_router("/", search_router)
