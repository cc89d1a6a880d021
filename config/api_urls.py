"""The HTTP API of API.md, collected from the apps (mounted under /api/ by config/urls.py)."""

from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt

from accounts.api import MeView, OrganizationListView, TokenView, UserListView
from approvals.api import CommentRepliesView, CommentResolveView, PlanCommentsView
from audit.web.api import PlanHistoryView
from documents.api import PlanDocumentDocxView, PlanDocumentPdfView
from plans.api import PlanDetailView, PlanListCreateView
from reporting.api import AttachmentDownloadView, PlanSlotListView, SlotReportsView, SlotReviewView
from workflow.api import ActionListView, ActionPerformView


@csrf_exempt  # a token client sends no CSRF cookie: its POST must get this 404 too, not the CSRF page
def api_not_found(request, rest=""):
    """Any other address under /api/ answers a JSON 404, like every API error."""
    return JsonResponse({"detail": "Không có địa chỉ API này.", "code": "not_found"}, status=404)


urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("me/", MeView.as_view(), name="api-me"),
    path("organizations/", OrganizationListView.as_view(), name="api-organizations"),
    path("users/", UserListView.as_view(), name="api-users"),
    path("plans/", PlanListCreateView.as_view(), name="api-plans"),
    path("plans/<int:pk>/", PlanDetailView.as_view(), name="api-plan"),
    path("plans/<int:pk>/actions/", ActionListView.as_view(), name="api-plan-actions"),
    path("plans/<int:pk>/actions/<str:name>/", ActionPerformView.as_view(), name="api-plan-action"),
    path("plans/<int:pk>/history/", PlanHistoryView.as_view(), name="api-plan-history"),
    path("plans/<int:pk>/slots/", PlanSlotListView.as_view(), name="api-plan-slots"),
    path("slots/<int:pk>/reports/", SlotReportsView.as_view(), name="api-slot-reports"),
    path("slots/<int:pk>/review/", SlotReviewView.as_view(), name="api-slot-review"),
    path("attachments/<int:pk>/", AttachmentDownloadView.as_view(), name="api-attachment"),
    path("plans/<int:pk>/comments/", PlanCommentsView.as_view(), name="api-plan-comments"),
    path("comments/<int:pk>/replies/", CommentRepliesView.as_view(), name="api-comment-replies"),
    path("comments/<int:pk>/resolve/", CommentResolveView.as_view(), name="api-comment-resolve"),
    path("plans/<int:pk>/document.pdf", PlanDocumentPdfView.as_view(), name="api-plan-document-pdf"),
    path("plans/<int:pk>/document.docx", PlanDocumentDocxView.as_view(), name="api-plan-document-docx"),
    # Add new endpoints above this line: it answers every other address.
    path("", include("audit.verify.api")),  # plans/<id>/verify/, audit/export/
    re_path(r"^(?P<rest>.*)$", api_not_found),
]
