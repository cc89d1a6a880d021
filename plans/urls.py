"""The plans' pages (in the "Kế hoạch" site, namespace plans:) and API (docs/API.md "Plans")."""

from django.urls import path

from . import api, delegation_api, delegation_views, views

urlpatterns = [
    path("", views.plan_list, name="index"),
    path("new/", views.plan_create, name="create"),
    path("export.xlsx", views.plan_list_export, name="export-xlsx"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/successor/", views.plan_successor, name="successor"),
    path("delegations/", delegation_views.delegation_list, name="delegations"),
    path("delegations/<int:pk>/revoke/", delegation_views.delegation_revoke, name="delegation-revoke"),
]

api_urlpatterns = [
    path("plans/", api.PlanListCreateView.as_view(), name="api-plans"),
    path("plans/<int:pk>/", api.PlanDetailView.as_view(), name="api-plan"),
    path("plans/<int:pk>/successor/", api.SuccessorView.as_view(), name="api-plan-successor"),
    path("delegations/", delegation_api.DelegationListView.as_view(), name="api-delegations"),
    path("delegations/<int:pk>/revoke/", delegation_api.DelegationRevokeView.as_view(), name="api-delegation-revoke"),
]
