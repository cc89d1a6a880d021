"""Reporting over the API (docs/API.md "Reporting"): slots of a plan, reports on a slot, decisions.

Views are thin: serializers check the input, reporting.services writes, reporting.selectors reads.
A slot or attachment of a plan the user may not see is a 404.
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiRequest, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import error_responses
from config.api_numbers import ApiDecimalField
from config.api_pages import PAGE_HEADERS, PAGE_NUMBER, ListInHeadersPagination
from config.request_limits import JSONParser, loads_json
from config.text import SafeSerializerCharField
from plans.api import visible_plan_or_404

from .attachments import KINDS, download_response
from .models import Report, ReportSlot, SlotDecision
from .rules import files_as_part, reporter_refusal, slot_reviewer_refusal
from .selectors import reports_of, visible_attachment_or_404, visible_slot_or_404
from .services import review_slot, submit_report

SLOT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Mã kỳ báo cáo.")


class PeriodSerializer(serializers.Serializer):
    """{"from", "to", "label"}: the period a slot's report covers ("from" is a Python keyword, hence below)."""

    to = serializers.DateField(source="period_end", allow_null=True, help_text="Ngày cuối của kỳ.")
    label = serializers.CharField(source="period_label", help_text="Tên kỳ, ví dụ “Quý I/2024”.")


PeriodSerializer._declared_fields = {
    "from": serializers.DateField(source="period_start", allow_null=True, help_text="Ngày đầu của kỳ (trong thời gian của kế hoạch)."),
    **PeriodSerializer._declared_fields,
}


class SlotSerializer(serializers.ModelSerializer):
    task = serializers.IntegerField(source="task.block.pk", read_only=True, help_text="Mã khối nhiệm vụ của kế hoạch.")
    period = PeriodSerializer(source="*", read_only=True)
    late = serializers.BooleanField(read_only=True, help_text="Có báo cáo nộp sau hạn.")
    schedule = serializers.CharField(
        source="schedule_kind",
        read_only=True,
        help_text="Loại lịch báo cáo của kỳ (monthly, yearly …): một nhiệm vụ có thể có nhiều lịch.",
    )

    class Meta:
        model = ReportSlot
        fields = ["id", "task", "schedule", "due_on", "period", "state", "late"]


class TargetValueInputSerializer(serializers.Serializer):
    target = serializers.IntegerField(help_text="Mã khối chỉ tiêu của kế hoạch (targets[].id).")
    value = ApiDecimalField(max_digits=20, decimal_places=4)


class ReportInputSerializer(serializers.Serializer):
    progress = serializers.IntegerField(min_value=0, max_value=100)
    text = SafeSerializerCharField(multiline=True, required=False, allow_blank=True, max_length=50000, trim_whitespace=False)
    target_values = TargetValueInputSerializer(many=True, required=False)
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Chỉ khi gửi multipart/form-data; tối đa PLANFLOW_ATTACHMENTS_PER_REPORT (10) tệp.",
    )


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class ReportTargetValueSerializer(serializers.Serializer):
    target = serializers.IntegerField(source="target.block.pk", help_text="Mã khối chỉ tiêu của kế hoạch.")
    value = ApiDecimalField(max_digits=20, decimal_places=4)


class ReportSerializer(serializers.ModelSerializer):
    author = serializers.IntegerField(source="author_id", help_text="Mã người nộp (như author của một ý kiến).")
    author_name = serializers.SerializerMethodField(help_text="Họ tên người nộp.")
    target_values = ReportTargetValueSerializer(many=True)
    attachments = AttachmentSerializer(many=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "slot",
            "unit",
            "is_part",
            "late",
            "author",
            "author_name",
            "progress",
            "text",
            "target_values",
            "attachments",
            "submitted_at",
        ]

    def get_author_name(self, report) -> str:
        return report.author.get_full_name() or report.author.get_username()


class ReviewInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=SlotDecision.Decision.choices)
    comment = SafeSerializerCharField(multiline=True, required=False, allow_blank=True, max_length=5000)


def _target_values_of_form(parts):
    """Target values from multipart/form-data: each part one JSON object (what the schema declares and a
    generated client sends), or one part holding the whole JSON list. Anything unparsable is handed on
    for the serializer to refuse (too deep is a 400 of its own, config.request_limits)."""
    values = []
    for raw in parts:
        if raw in (None, ""):
            continue
        try:
            value = loads_json(raw)
        except ValueError:
            return raw
        values.extend(value) if isinstance(value, list) else values.append(value)
    return values


class PlanSlotListView(generics.ListAPIView):
    """GET /api/plans/{id}/slots/?page= — the plan's report slots by due date, 200 a page: a plain list
    as documented, with the count and the other pages in headers (config.api_pages)."""

    serializer_class = SlotSerializer
    pagination_class = ListInHeadersPagination

    def get_queryset(self):
        plan = visible_plan_or_404(self.request, self.kwargs["pk"])
        return ReportSlot.objects.filter(plan=plan).select_related("task__block").order_by("due_on", "id")

    @extend_schema(
        operation_id="plan_slots",
        parameters=PAGE_HEADERS,
        responses={200: SlotSerializer(many=True), **error_responses(401, 404)},
        summary="Các kỳ báo cáo của kế hoạch",
        description="200 kỳ một trang (?page=); tổng số trong X-Total-Count, các trang khác trong Link.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class SlotReportsView(APIView):
    """GET the reports filed on a slot; POST a new one (a reporter of the task's lead unit)."""

    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(
        operation_id="slot_reports_list",
        parameters=[SLOT_ID, PAGE_NUMBER, *PAGE_HEADERS],
        responses={200: ReportSerializer(many=True), **error_responses(401, 404)},
        summary="Các báo cáo của một kỳ",
        description="Cũ nhất trước, 200 báo cáo một trang (?page=); tổng số trong X-Total-Count, các trang khác trong Link.",
    )
    def get(self, request, pk):
        slot = visible_slot_or_404(request.user, pk)
        pages = ListInHeadersPagination()
        page = pages.paginate_queryset(reports_of(slot).order_by("submitted_at", "id"), request, view=self)
        return pages.get_paginated_response(ReportSerializer(page, many=True).data)

    @extend_schema(
        operation_id="slot_reports_create",
        parameters=[SLOT_ID],
        # One declared body type, multipart (the only one that carries files): a generated client then
        # sends it as declared. A JSON body without files is read as well (docs/API.md).
        request={
            "multipart/form-data": OpenApiRequest(
                ReportInputSerializer,
                encoding={"target_values": {"contentType": "application/json"}, "attachments": {"contentType": "application/octet-stream"}},
            )
        },
        responses={201: ReportSerializer, **error_responses(400, 401, 403, 404, 409)},
        summary="Nộp báo cáo (đơn vị chủ trì nhiệm vụ)",
        description="multipart/form-data: progress, text, mỗi chỉ tiêu một phần target_values (một đối tượng JSON), "
        "tệp trong attachments. Thân JSON không kèm tệp cũng được đọc.",
    )
    def post(self, request, pk):
        slot = visible_slot_or_404(request.user, pk)
        as_part = files_as_part(slot, request.user)  # a supporting unit's reporter files its unit's part
        refusal = None if as_part else reporter_refusal(slot, request.user)  # before the body is read
        if refusal is not None:
            raise refusal
        data = request.data
        if hasattr(request.data, "getlist"):  # multipart/form-data: target values travel as a JSON string
            data = {key: request.data[key] for key in ("progress", "text") if key in request.data}
            data["target_values"] = _target_values_of_form(request.data.getlist("target_values"))
            data["attachments"] = request.FILES.getlist("attachments")
        body = ReportInputSerializer(data=data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        report = submit_report(
            slot,
            request.user,
            progress=values["progress"],
            text=values.get("text", ""),
            target_values=[(tv["target"], tv["value"]) for tv in values.get("target_values", [])],
            attachments=values.get("attachments", []),
            as_part=as_part,
            by_block=True,
        )
        return Response(ReportSerializer(reports_of(slot).get(pk=report.pk)).data, status=status.HTTP_201_CREATED)


class SlotReviewView(APIView):
    """POST /api/slots/{id}/review/ — accept, return (with a reason) or waive (with a reason)."""

    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="slot_review",
        parameters=[SLOT_ID],
        request=ReviewInputSerializer,
        responses={200: SlotSerializer, **error_responses(400, 401, 403, 404, 409)},
        summary="Xét kỳ báo cáo (người soạn thảo hoặc người ký kế hoạch)",
    )
    def post(self, request, pk):
        slot = visible_slot_or_404(request.user, pk)
        refusal = slot_reviewer_refusal(slot.plan, request.user)  # before the body is read
        if refusal is not None:
            raise refusal
        body = ReviewInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        slot = review_slot(slot, request.user, decision=body.validated_data["decision"], comment=body.validated_data.get("comment", ""))
        return Response(SlotSerializer(slot).data)


class AttachmentDownloadView(APIView):
    """GET /api/attachments/{id}/ — the file, only to those who may see its plan, always as a download."""

    @extend_schema(
        operation_id="attachment_download",
        responses={
            # the stored file's own type, one of those check_upload accepts
            **{(200, content_type): bytes for content_type in sorted({kind[0] for kind in KINDS.values()})},
            **error_responses(401, 404),
        },
        summary="Tải tệp đính kèm",
    )
    def get(self, request, pk):
        return download_response(visible_attachment_or_404(request.user, pk))
