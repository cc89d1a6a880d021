"""POST /api/plans/import/ (docs/API.md "Import"): a draft from a DOCX, a PDF or UTF-8 text."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiRequest, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser

from config.api_errors import error_responses
from config.refusals import NotPermitted
from plans.api import plan_response
from plans.rules import drafting_authority_ids
from plans.serializers import PlanSerializer, organization_field

from .services import import_plan, read_uploaded, refuse_unless_drafter


class ImportInputSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="DOCX, PDF có lớp chữ (PDF ảnh quét: nhận dạng bằng Tesseract) hoặc văn bản UTF-8; tối đa 20 MB."
    )
    organization = organization_field(help_text="Cơ quan ban hành của bản nháp (người gửi là chuyên viên soạn thảo của cơ quan này).")


class ImportReportSerializer(serializers.Serializer):
    recognized = serializers.DictField(
        help_text='Những gì nhận dạng được: {"subject": true, "legal_bases": 1, "blocks": 84, "ocr": false, …}.'
    )
    warnings = serializers.ListField(child=serializers.CharField(), help_text="Những điều người soạn thảo cần soát lại.")


class ImportedPlanSerializer(PlanSerializer):
    """The new draft (as GET /api/plans/{id}/) with the import report."""

    import_report = ImportReportSerializer(read_only=True)

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "import_report"]


class PlanImportView(generics.GenericAPIView):
    parser_classes = [MultiPartParser]
    serializer_class = ImportInputSerializer

    @extend_schema(
        operation_id="plans_import",
        request={
            "multipart/form-data": OpenApiRequest(ImportInputSerializer, encoding={"file": {"contentType": "application/octet-stream"}})
        },
        responses={201: ImportedPlanSerializer, **error_responses(400, 401, 403)},
        summary="Nhập kế hoạch từ văn bản (chuyên viên soạn thảo của cơ quan)",
        description="multipart/form-data: file (DOCX, PDF, văn bản UTF-8) và organization → bản nháp mới kèm import_report. "
        "Tệp không đọc được (rỗng, hỏng, có mật khẩu, có macro, tệp nén độc hại, quá 20 MB, không phải kế hoạch): 400, "
        "không tạo gì. Người không phải chuyên viên soạn thảo của cơ quan: 403.",
    )
    def post(self, request):
        if not drafting_authority_ids(request.user):  # refused before the body is even read
            raise NotPermitted(_("Bạn không phải chuyên viên soạn thảo của cơ quan nào."))
        body = ImportInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        organization, upload = body.validated_data["organization"], body.validated_data["file"]
        refuse_unless_drafter(request.user, organization)  # before the file is read
        plan, report = import_plan(request.user, organization, read_uploaded(upload), upload.name)
        response = plan_response(request, plan, status.HTTP_201_CREATED)
        response.data["import_report"] = report
        return response
