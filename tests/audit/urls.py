"""The site's URLs with the audit endpoints mounted first (until config/api_urls.py includes them)."""

from django.urls import include, path

urlpatterns = [
    path("api/", include("audit.verify.api")),
    path("", include("config.urls")),
]
