from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("config.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("config.ui_urls")),
]

# A failure outside a view: 503 when the database is unreachable, JSON under /api/ (config/middleware.py).
handler500 = "config.middleware.server_error"
# Django's own refusal of a request body (too many fields, too large): JSON under /api/ (config/request_limits.py).
handler400 = "config.request_limits.bad_request"
