"""Root URLs: unprefixed Vietnamese, /en/ English (i18n_patterns), plus language-free endpoints."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path

from archive.api import api
from archive.views import api_not_found, healthz
from articles.site.sitemaps import SITEMAPS
from articles.site.views import robots_txt

handler400 = "archive.errors.bad_request"
handler404 = "archive.errors.page_not_found"
handler500 = "archive.errors.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/", api_not_found),  # after the API: what it does not answer is a JSON 404
]

urlpatterns += i18n_patterns(
    path("", include("articles.site.urls")),
    path("", include("people.urls")),
    path("", include("articles.alerts.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
