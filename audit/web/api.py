"""A plan's history over the API (docs/API.md "History and audit"): its audit events, oldest first."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from accounts.api import UserBriefSerializer
from audit.models import AuditEvent
from config.api_errors import error_responses
from config.api_pages import CountInPagePagination
from plans.api import PLAN_ID, visible_plan_or_404
from plans.lifecycle import State


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="Đường dẫn trường, ví dụ subject, tasks[0].text.")
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


_AT = serializers.DateTimeField()  # DRF's format for the time (never bound; keeps no state)


class AuditEventSerializer(serializers.ModelSerializer):
    """An event of the history. The fields describe it (the schema); each row is written by
    `to_representation` directly, as the plan list's rows are: the same JSON as DRF's fields give
    (tests/audit/test_history_rows.py), without going through nine fields and a nested list for each
    of a page's events."""

    actor = UserBriefSerializer(
        read_only=True, allow_null=True, help_text="Người thực hiện: {id, username, full_name}; null nếu là hệ thống."
    )
    from_state = serializers.ChoiceField(choices=State.choices, allow_blank=True, read_only=True)
    to_state = serializers.ChoiceField(choices=State.choices, allow_blank=True, read_only=True)
    changes = ChangeSerializer(many=True, read_only=True)

    class Meta:
        model = AuditEvent
        fields = ["seq", "at", "actor", "kind", "action", "from_state", "to_state", "comment", "changes"]
        read_only_fields = fields

    def to_representation(self, event):
        actor = event.actor
        return {
            "seq": event.seq,
            "at": _AT.to_representation(event.at),
            "actor": None if actor is None else {"id": actor.pk, "username": actor.username, "full_name": actor.get_full_name()},
            "kind": event.kind,
            "action": event.action,
            "from_state": event.from_state,
            "to_state": event.to_state,
            "comment": event.comment,
            "changes": [{"field": change["field"], "old": change["old"], "new": change["new"]} for change in event.changes],
        }


@extend_schema(
    parameters=[PLAN_ID],
    responses={200: AuditEventSerializer(many=True), **error_responses(401, 404)},
    summary="Lịch sử kế hoạch",
    description="Mọi lần sửa, chuyển trạng thái, thẩm định, ký, cũ trước. actor là {id, username, full_name} "
    "(null nếu do hệ thống); changes là [{field, old, new}] với đường dẫn như tasks[0].text.",
)
class PlanHistoryView(generics.ListAPIView):
    """GET /api/plans/{id}/history/ — every edit, transition, review and signature, oldest first."""

    serializer_class = AuditEventSerializer
    pagination_class = CountInPagePagination  # DRF's page object, the page and its count in one query

    def get_queryset(self):
        plan = visible_plan_or_404(self.request, self.kwargs["pk"])
        return AuditEvent.objects.filter(plan=plan).select_related("actor").order_by("seq")
