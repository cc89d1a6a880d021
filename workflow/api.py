"""Actions over the API (docs/API.md "Actions"): what this user may do now, and doing it.

Every action goes through `workflow.services.perform`, the one door for state changes; its
refusals become 400 / 403 / 409 JSON in config.api_errors.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals.models import Signature
from config.api_errors import error_responses
from config.refusals import ConditionsUnmet, InvalidInput
from config.request_limits import JSONParser
from config.text import SafeSerializerCharField
from plans.api import PLAN_ID, plan_response, visible_plan_or_404
from plans.models import TEXT_MAX_LENGTH
from plans.rules import ACTION_CHOICES, ACTIONS, available_actions
from plans.serializers import PlanSerializer
from reporting.services import slots_opening_overdue, waive_overdue_slots

from .inbox import DUTY_KINDS, duties, duty_items
from .services import perform

ACTION_NAME = OpenApiParameter(
    "name", str, OpenApiParameter.PATH, enum=list(ACTIONS), description="Tên thao tác. Tên khác: 404 với code unknown_action."
)


class ActionSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=ACTION_CHOICES)
    label = serializers.CharField()


class ActionInputSerializer(serializers.Serializer):
    comment = SafeSerializerCharField(
        multiline=True,
        required=False,
        allow_blank=True,
        max_length=TEXT_MAX_LENGTH,
        trim_whitespace=False,
        default="",
        help_text="Lý do / ý kiến. Bắt buộc với return_for_revision, discard, recall và close (nội dung tổng kết).",
    )
    kind = serializers.ChoiceField(
        choices=[(kind, Signature.Kind(kind).label) for kind in Signature.PERSONAL_KINDS],
        required=False,
        allow_null=True,
        default=None,
        help_text="Với sign: initial (ký nháy) hoặc main.",
    )
    password = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=4096,
        trim_whitespace=False,
        default="",
        write_only=True,
        style={"input_type": "password"},
        help_text="Với sign kind=main: mật khẩu của người ký, nhập lại.",
    )
    number = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=999_999, help_text="Với register_paper: số của văn bản giấy."
    )
    issued_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Với register_paper: ngày ban hành trên giấy."
    )
    confirm_overdue = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Với start_reporting trên kế hoạch đã qua kỳ: true để xác nhận mở các kỳ báo cáo đã quá hạn. "
        "Thiếu: 400 với code overdue_unconfirmed, liệt kê các kỳ đó trong reasons, không thay đổi gì.",
    )
    waive_overdue = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Với start_reporting: true để miễn báo cáo ngay các kỳ mở ở trạng thái quá hạn, lý do ở comment "
        "(bắt buộc). Cũng là xác nhận như confirm_overdue.",
    )


class ActionListView(APIView):
    """GET /api/plans/{id}/actions/"""

    @extend_schema(
        operation_id="plans_actions_list",
        parameters=[PLAN_ID],
        responses={200: ActionSerializer(many=True), **error_responses(401, 404)},
        summary="Các thao tác người dùng này làm được bây giờ",
        description="[{name, label}] theo vai trò, quyền trên kế hoạch và trạng thái (chưa xét điều kiện).",
    )
    def get(self, request, pk):
        plan = visible_plan_or_404(request, pk)
        actions = [{"name": name, "label": str(label)} for name, label in available_actions(plan, request.user)]
        return Response(ActionSerializer(actions, many=True).data)


class ActionPerformView(APIView):
    """POST /api/plans/{id}/actions/{name}/"""

    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="plans_actions_perform",
        parameters=[PLAN_ID, ACTION_NAME],
        request=ActionInputSerializer,
        responses={200: PlanSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        summary="Thực hiện một thao tác",
        description="400: dữ liệu sai, hoặc chưa đủ điều kiện (reasons). 403: không có quyền. "
        "404: không thấy kế hoạch, hoặc không có thao tác này. 409: không làm được ở trạng thái hiện tại. "
        "429: nhập sai mật khẩu ký chính quá nhiều lần, thử lại sau.",
    )
    def post(self, request, pk, name):
        plan = visible_plan_or_404(request, pk)
        if name not in ACTIONS:
            raise exceptions.NotFound(_("Không có thao tác “%(action)s”.") % {"action": name}, code="unknown_action")
        body = ActionInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        confirmed, waive = data.pop("confirm_overdue"), data.pop("waive_overdue")
        if name == "start_reporting" and name in dict(available_actions(plan, request.user)):
            _refuse_unconfirmed_overdue(plan, confirmed or waive, waive, data["comment"])
        if name == "start_reporting" and waive:
            with transaction.atomic():  # the waiver in one step with the start: both or neither
                plan = perform(plan, name, request.user, **data)
                waive_overdue_slots(plan, request.user, data["comment"])
        else:
            plan = perform(plan, name, request.user, **data)
        return plan_response(request, plan)


class OverdueUnconfirmed(ConditionsUnmet):
    """start_reporting on a stale plan without `confirm_overdue` (400): `reasons` lists the slots."""

    code = "overdue_unconfirmed"


def _refuse_unconfirmed_overdue(plan, confirmed, waive, reason):
    """The API's side of the stale-plan confirmation the UI asks for (workflow.views.ActionForm)."""
    if waive and not (reason or "").strip():
        message = _("Cần ghi lý do miễn báo cáo.")
        raise InvalidInput(message, errors={"comment": [message]})
    opening = slots_opening_overdue(plan)
    if opening and not confirmed:
        raise OverdueUnconfirmed(
            _("Thời gian của kế hoạch đã qua: %(count)d kỳ báo cáo sẽ mở ở trạng thái quá hạn. Gửi confirm_overdue: true để xác nhận.")
            % {"count": len(opening)},
            reasons=[
                _("%(period)s (hạn %(due)s) — %(task)s") % {"period": p.label, "due": p.due.strftime("%d/%m/%Y"), "task": task.text[:80]}
                for task, p in opening
            ],
        )


class InboxItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(kind, kind) for kind in DUTY_KINDS], help_text="Loại việc.")
    plan = serializers.IntegerField(source="plan_id", help_text="Mã kế hoạch.")
    slot = serializers.SerializerMethodField(help_text="Mã kỳ báo cáo (report_due, report_review), hoặc null.")
    title = serializers.CharField(help_text="Tên việc: bước duyệt, nhiệm vụ phải báo cáo, hoặc trích yếu văn bản đến.")
    period = serializers.CharField(help_text="Kỳ báo cáo (“Quý I/2024”) với report_due, report_review; còn lại rỗng.")
    due_on = serializers.DateField(allow_null=True, help_text="Hạn, hoặc null.")
    overdue = serializers.BooleanField(help_text="Đã quá hạn.")
    url = serializers.SerializerMethodField(help_text="Trang xử lý việc này.")

    def get_slot(self, item) -> int | None:
        return item["slot"].pk if item["slot"] is not None else None

    def get_url(self, item) -> str:
        return self.context["request"].build_absolute_uri(item["url"])


class InboxView(generics.GenericAPIView):
    """GET /api/inbox/ — everything the user must do, by due date (docs/API.md "The inbox")."""

    serializer_class = InboxItemSerializer

    @extend_schema(
        operation_id="inbox",
        responses={200: InboxItemSerializer(many=True), **error_responses(401)},
        summary="Việc cần làm",
        description="Mọi việc người dùng phải làm, theo hạn (việc không có hạn ở cuối): thẩm định, ký, ban hành, sửa, "
        "nộp báo cáo, xét báo cáo, văn bản đến cần vào sổ hoặc xem. 20 việc một trang (?page=).",
    )
    def get(self, request):
        page = self.paginate_queryset(duties(request.user))
        return self.get_paginated_response(InboxItemSerializer(duty_items(page), many=True, context={"request": request}).data)
