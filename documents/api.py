"""Downloads of the plan as a document (docs/API.md "Documents").

GET /api/plans/{id}/document.pdf    the PDF: an issued plan's stored signed file exactly as stored
                                    (both signatures), a signed plan's signer-certified file while
                                    it matches the content, otherwise the layout rendered now
GET /api/plans/{id}/document.docx   the same layout as a Word document

Anyone who may see the plan may download it; another authority's plan is a 404, like a missing
one. Errors are JSON whatever the Accept header says.
"""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from config.api_errors import error_responses
from plans.api import PLAN_ID, visible_plan_or_404

from .services import document_docx, document_pdf

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class JsonErrors(BaseContentNegotiation):
    """The file is the response; errors render with the first renderer (JSON), never a 406."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def file_response(data, name, content_type):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Content-Length"] = str(len(data))
    response["Cache-Control"] = "private, no-store"
    return response


class PlanDocumentPdfView(APIView):
    content_negotiation_class = JsonErrors

    @extend_schema(
        operation_id="plans_document_pdf",
        parameters=[PLAN_ID],
        responses={(200, PDF): OpenApiResponse(OpenApiTypes.BINARY, description="Tệp PDF."), **error_responses(401, 404)},
        summary="Kế hoạch dạng PDF (thể thức Nghị định 30)",
        description="Kế hoạch đã ban hành: đúng tệp PDF đã lưu khi ban hành, có chữ ký số của người ký và của cơ quan. "
        "Đã ký, chưa ban hành: tệp người ký đã ký (chưa có số). Còn lại: bản dự thảo.",
    )
    def get(self, request, pk):
        data, name = document_pdf(visible_plan_or_404(request, pk))
        return file_response(data, name, PDF)


class PlanDocumentDocxView(APIView):
    content_negotiation_class = JsonErrors

    @extend_schema(
        operation_id="plans_document_docx",
        parameters=[PLAN_ID],
        responses={(200, DOCX): OpenApiResponse(OpenApiTypes.BINARY, description="Tệp DOCX."), **error_responses(401, 404)},
        summary="Kế hoạch dạng DOCX (thể thức Nghị định 30)",
        description="Cùng nội dung và bố cục với bản PDF, để chỉnh sửa hoặc in; không mang chữ ký số.",
    )
    def get(self, request, pk):
        data, name = document_docx(visible_plan_or_404(request, pk))
        return file_response(data, name, DOCX)
