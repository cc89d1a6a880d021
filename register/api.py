"""The outgoing register over the API (docs/API.md "After issue").

GET /api/register/?organization=&year=       the rows in number order (paginated)
GET /api/register/export.xlsx, export.pdf    the same register, whole, as a file

A member of the issuing body (drafter, reviewer, signer, clerk, auditor, admin) reads its register;
anyone else gets 403, an organization they have no register of a 400.

GET /api/received/                   what the user's organizations received (Văn bản đến)
POST /api/plans/{id}/acknowledge/    its clerk records receipt, then a leader acknowledges
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import error_responses
from documents.api import JsonErrors, file_response
from plans.api import PLAN_ID, visible_plan_or_404

from .choice import chosen_register
from .exports import file_name, register_pdf, register_xlsx
from .selectors import received_deliveries, register_rows, registered_plans
from .services import acknowledge

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARAMETERS = [
    OpenApiParameter("organization", int, description="Cơ quan ban hành (mặc định: cơ quan đầu tiên của người dùng)."),
    OpenApiParameter("year", int, description="Năm (mặc định: năm nay)."),
]


class RegisterRowSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    symbol = serializers.CharField(help_text="Số, ký hiệu: 05/KH-UBND.")
    issued_on = serializers.DateField()
    doc_type = serializers.CharField()
    subject = serializers.CharField(help_text="Trích yếu.")
    signer = serializers.CharField(help_text="Người ký, với thẩm quyền ký (KT., TM. …).")
    recipients = serializers.ListField(child=serializers.CharField(), help_text="Nơi nhận (trừ bản lưu).")
    filed_copy = serializers.CharField(help_text="Đơn vị, người nhận bản lưu.")
    copies = serializers.IntegerField(help_text="Số lượng bản.")
    sent_on = serializers.DateField(allow_null=True, help_text="Ngày chuyển.")
    note = serializers.CharField(help_text="Ghi chú: thu hồi, đính chính, thay thế, nhập từ bản giấy.")
    plan = serializers.IntegerField(help_text="Mã kế hoạch.")


class RegisterView(generics.GenericAPIView):
    serializer_class = RegisterRowSerializer

    @extend_schema(
        operation_id="register_list",
        parameters=PARAMETERS,
        responses={200: RegisterRowSerializer(many=True), **error_responses(400, 401, 403)},
        summary="Sổ đăng ký văn bản đi",
        description="Theo cơ quan ban hành và năm, theo thứ tự số (Phụ lục IV Nghị định 30).",
    )
    def get(self, request):
        organization, year, _form = chosen_register(request.user, request.query_params)
        page = self.paginate_queryset(registered_plans(organization, year))
        return self.get_paginated_response([row.as_dict() for row in register_rows(page)])


class RegisterFileView(APIView):
    content_negotiation_class = JsonErrors
    extension = None

    def get(self, request):
        organization, year, _form = chosen_register(request.user, request.query_params)
        rows = register_rows(registered_plans(organization, year))
        if self.extension == "xlsx":
            return file_response(register_xlsx(organization, year, rows), file_name(organization, year, "xlsx"), XLSX)
        return file_response(register_pdf(organization, year, rows), file_name(organization, year, "pdf"), "application/pdf")


class RegisterXlsxView(RegisterFileView):
    extension = "xlsx"

    @extend_schema(
        operation_id="register_export_xlsx",
        parameters=PARAMETERS,
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="Tệp XLSX."), **error_responses(400, 401, 403)},
        summary="Sổ đăng ký văn bản đi (XLSX)",
    )
    def get(self, request):
        return super().get(request)


class RegisterPdfView(RegisterFileView):
    extension = "pdf"

    @extend_schema(
        operation_id="register_export_pdf",
        parameters=PARAMETERS,
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="Tệp PDF."),
            **error_responses(400, 401, 403),
        },
        summary="Sổ đăng ký văn bản đi (PDF, mẫu Phụ lục IV)",
    )
    def get(self, request):
        return super().get(request)


class ReceivedSerializer(serializers.Serializer):
    plan = serializers.IntegerField(source="plan_id")
    symbol = serializers.CharField(source="plan.symbol")
    subject = serializers.CharField(source="plan.subject")
    issued_on = serializers.DateField(source="plan.issued_on")
    issuer = serializers.CharField(source="plan.organization.name", help_text="Cơ quan ban hành.")
    organization = serializers.IntegerField(source="organization_id", help_text="Cơ quan nhận.")
    status = serializers.ChoiceField(choices=["sent", "received", "acknowledged"])
    sent_at = serializers.DateTimeField()
    received_at = serializers.DateTimeField(allow_null=True)
    acknowledged_at = serializers.DateTimeField(allow_null=True)


class ReceivedView(generics.GenericAPIView):
    serializer_class = ReceivedSerializer

    @extend_schema(
        operation_id="received_list",
        responses={200: ReceivedSerializer(many=True), **error_responses(401)},
        summary="Văn bản đến",
        description="Văn bản các cơ quan của người dùng nhận được, mới trước: văn thư thấy mọi văn bản đã gửi đến, "
        "người khác thấy văn bản văn thư đã vào sổ.",
    )
    def get(self, request):
        page = self.paginate_queryset(received_deliveries(request.user))
        return self.get_paginated_response(ReceivedSerializer(page, many=True).data)


class AcknowledgeView(APIView):
    @extend_schema(
        operation_id="plans_acknowledge",
        parameters=[PLAN_ID],
        request=None,
        responses={200: ReceivedSerializer, **error_responses(401, 403, 404, 409)},
        summary="Ghi nhận văn bản đến",
        description="Văn thư của cơ quan nhận: vào sổ (received). Sau đó lãnh đạo (người ký) của cơ quan đó: đã xem "
        "(acknowledged). Cơ quan không có trong nơi nhận: 403. Đã ghi nhận rồi: 409.",
    )
    def post(self, request, pk):
        plan = visible_plan_or_404(request, pk)
        return Response(ReceivedSerializer(acknowledge(plan, request.user)).data)
