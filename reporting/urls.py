"""The reporting phase: slots, reports, decisions, dashboards, báo cáo tổng hợp (namespace plans:),
and its API (docs/API.md "Reporting")."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("<int:pk>/reports/", views.plan_reports, name="reports"),
    path("<int:pk>/dashboard/", views.plan_dashboard_view, name="dashboard"),
    path("<int:pk>/consolidated.<str:fmt>", views.consolidated_report, name="consolidated"),
    path("<int:pk>/slots.xlsx", views.plan_slots_xlsx, name="slots_xlsx"),
    path("reporting/slots.xlsx", views.organization_slots_xlsx, name="organization_slots_xlsx"),
    path("slots/<int:pk>/", views.slot_detail, name="slot"),
    path("slots/<int:pk>/report/", views.slot_report, name="slot_report"),
    path("slots/<int:pk>/review/<slug:decision>/", views.slot_review, name="slot_review"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("reporting/", views.organization_dashboard_view, name="reporting_summary"),
]

api_urlpatterns = [
    path("plans/<int:pk>/slots/", api.PlanSlotListView.as_view(), name="api-plan-slots"),
    path("slots/<int:pk>/reports/", api.SlotReportsView.as_view(), name="api-slot-reports"),
    path("slots/<int:pk>/review/", api.SlotReviewView.as_view(), name="api-slot-review"),
    path("attachments/<int:pk>/", api.AttachmentDownloadView.as_view(), name="api-attachment"),
]
