"""Verifying and exporting a plan's audit trail over the API (docs/API.md "History and audit").

GET /api/plans/{id}/verify/       → {"ok", "chain_ok", "signatures_ok", "anchored", "problems": ["…"], "signatures": [report]}
GET /api/audit/export/?plan=ID    → the JSON bundle of audit.verify.export, verified offline by
                                    `python -m audit.verify.bundle FILE`

Anyone who may see the plan may verify or export it (auditors included); a plan outside the
user's scope is a 404, like a missing one; anonymous requests get 401.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.verify.bundle_format import AuditBundleSerializer
from audit.verify.documents import verify_plan_and_document
from audit.verify.export import export_bundle
from config.api_errors import error_responses
from plans.selectors import visible_plans

MAX_ID = 2**63 - 1


class SignatureReportSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Tên trường chữ ký trong tệp PDF (ChuKyNguoiKy, ChuKyCoQuan, Timestamp-…).")
    kind = serializers.ChoiceField(choices=["signature", "document_timestamp"], help_text="Chữ ký, hoặc dấu thời gian của cả tệp.")
    signer = serializers.CharField(help_text="Tên trên chứng thư số của người (cơ quan, TSA) ký.")
    chain = serializers.ListField(child=serializers.CharField(), help_text="Chuỗi chứng thư, từ người ký đến CA gốc tin cậy.")
    time = serializers.CharField(allow_blank=True, help_text="Thời điểm ký (ISO 8601).")
    time_source = serializers.ChoiceField(
        choices=["timestamp", "claimed"], help_text="Dấu thời gian RFC 3161, hay thời điểm máy người ký tự ghi."
    )
    time_source_label = serializers.CharField()
    coverage = serializers.ChoiceField(
        choices=["whole_document", "revision_then_form_filling", "modified"], help_text="Phạm vi chữ ký bao phủ."
    )
    coverage_label = serializers.CharField()
    revocation = serializers.ChoiceField(choices=["good", "revoked", "unknown"], help_text="Tình trạng thu hồi của chứng thư khi ký.")
    revocation_label = serializers.CharField()
    level = serializers.ChoiceField(choices=["B-B", "B-T", "B-LT", "B-LTA", ""], help_text="Mức PAdES đạt được (rỗng với dấu thời gian).")
    intact = serializers.BooleanField()
    valid = serializers.BooleanField()
    trusted = serializers.BooleanField(help_text="Chứng thư số nối tới một CA trong danh sách tin cậy.")
    ok = serializers.BooleanField()
    problems = serializers.ListField(child=serializers.CharField())


class VerifyResultSerializer(serializers.Serializer):
    ok = serializers.BooleanField(help_text="chain_ok và signatures_ok.")
    chain_ok = serializers.BooleanField(help_text="Chuỗi sự kiện, các dòng lịch sử, dữ liệu hiện hành và điểm kiểm tra đều khớp.")
    signatures_ok = serializers.BooleanField(
        help_text="Chữ ký trên kế hoạch, chữ ký số của bản PDF ban hành và chữ ký của điểm kiểm tra đều hợp lệ."
    )
    anchored = serializers.BooleanField(
        help_text="Đã neo: ok, và điểm kiểm tra chứa kế hoạch được ký bằng khóa tin cậy đã cấu hình (PLANFLOW_AUDIT_PUBLIC_KEY), "
        "khớp điểm kiểm tra giữ ngoài cơ sở dữ liệu. false khi chưa cấu hình khóa: khi đó không phát hiện được việc viết lại "
        "toàn bộ cơ sở dữ liệu."
    )
    problems = serializers.ListField(child=serializers.CharField(), help_text="Từng vấn đề, nói rõ sự kiện hay dòng nào.")
    signatures = SignatureReportSerializer(
        many=True, help_text="Báo cáo kiểm tra từng chữ ký số của bản PDF ban hành (rỗng khi chưa ban hành)."
    )


class ExportQuerySerializer(serializers.Serializer):
    plan = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="Mã kế hoạch.")


@extend_schema(
    parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="Mã kế hoạch.")],
    responses={200: VerifyResultSerializer, **error_responses(401, 404)},
    summary="Kiểm tra tính toàn vẹn của lịch sử kế hoạch",
    description="Tính lại toàn bộ chuỗi băm, các dòng lịch sử được bảo chứng, dữ liệu hiện hành, chữ ký và điểm kiểm tra "
    "gần nhất, và hai chữ ký số PAdES của bản PDF ban hành đã lưu; liệt kê từng vấn đề (sự kiện bị sửa, xóa, chèn, đổi thứ tự; "
    "dòng lịch sử bị sửa hay xóa; chữ ký không khớp; tệp PDF bị thay đổi).",
)
class PlanVerifyView(APIView):
    def get(self, request, pk):
        plan = get_object_or_404(visible_plans(request.user), pk=pk)
        return Response(verify_plan_and_document(plan).as_dict())


@extend_schema(
    parameters=[ExportQuerySerializer],
    responses={
        200: OpenApiResponse(AuditBundleSerializer, description="Gói JSON (định dạng planflow-audit-bundle, xem audit/verify/export.py)."),
        **error_responses(400, 401, 404),
    },
    summary="Tải gói kiểm toán của một kế hoạch",
    description="Sự kiện, các dòng lịch sử chúng bảo chứng, chữ ký và điểm kiểm tra gần nhất; kiểm tra ngoại tuyến bằng "
    "`python -m audit.verify.bundle TỆP`.",
)
class AuditExportView(APIView):
    def get(self, request):
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        plan = get_object_or_404(visible_plans(request.user), pk=query.validated_data["plan"])
        response = Response(export_bundle(plan.pk))
        response["Content-Disposition"] = f'attachment; filename="planflow-audit-plan-{plan.pk}.json"'
        return response
