"""The auditor's pages of a plan (audit.web, namespace plans:) and the audit API: its history
(audit.web.api), verifying and exporting it (audit.verify.api). docs/API.md "History and audit"."""

from django.urls import path

from .verify import api as verify_api
from .web import api as history_api
from .web import auditor_views, views

urlpatterns = [
    path("<int:pk>/history/", views.plan_history, name="history"),
    path("<int:pk>/history/as-of/", auditor_views.plan_as_of, name="as_of"),
    path("<int:pk>/history/compare/", auditor_views.plan_compare, name="compare"),
    path("<int:pk>/verify/", auditor_views.plan_verify, name="verify"),
    path("<int:pk>/audit-bundle.json", auditor_views.plan_audit_export, name="audit_export"),
]

api_urlpatterns = [
    path("plans/<int:pk>/history/", history_api.PlanHistoryView.as_view(), name="api-plan-history"),
    path("plans/<int:pk>/verify/", verify_api.PlanVerifyView.as_view(), name="api-plan-verify"),
    path("audit/export/", verify_api.AuditExportView.as_view(), name="api-audit-export"),
]
