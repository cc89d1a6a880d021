"""Importing a plan: the upload and review pages (namespace plans:) and the API (docs/API.md "Import")."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/<int:pk>/", views.import_review, name="import-review"),
    path("<int:pk>/source/", views.import_source, name="import-source"),
]

api_urlpatterns = [
    path("plans/import/", api.PlanImportView.as_view(), name="api-plans-import"),
]
