"""The outgoing register: its page (namespace plans:) and its API (docs/API.md "After issue")."""

from django.urls import path

from . import api, views

urlpatterns = [
    path("register/", views.register_page, name="register"),
    path("register/export.xlsx", views.register_file, {"fmt": "xlsx"}, name="register-xlsx"),
    path("register/export.pdf", views.register_file, {"fmt": "pdf"}, name="register-pdf"),
    path("received/", views.received_page, name="received"),
    path("<int:pk>/acknowledge/", views.acknowledge_plan, name="acknowledge"),
]

api_urlpatterns = [
    path("register/", api.RegisterView.as_view(), name="api-register"),
    path("register/export.xlsx", api.RegisterXlsxView.as_view(), name="api-register-xlsx"),
    path("register/export.pdf", api.RegisterPdfView.as_view(), name="api-register-pdf"),
    path("received/", api.ReceivedView.as_view(), name="api-received"),
    path("plans/<int:pk>/acknowledge/", api.AcknowledgeView.as_view(), name="api-plan-acknowledge"),
]
