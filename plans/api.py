"""Plans over the API: list, create, read, edit (docs/API.md "Plans"). Views are thin: serializers check
the input, plans.services writes it, plans.selectors reads."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from config.api_errors import error_responses
from config.api_pages import COUNT_IN_PAGE, CountInPagePagination, Listing
from config.refusals import NotPermitted
from config.request_limits import JSONParser

from . import selectors
from .filters import PlanFilter, PlanFilterBackend
from .models import Plan
from .rules import available_actions_reads, drafting_authority_ids, edit_refusal, may_create
from .selectors import NEWEST_FIRST, plan_with_parts, seeing_key, visible_page, visible_plans
from .serializers import (
    PlanContentInputSerializer,
    PlanCreateInputSerializer,
    PlanSerializer,
    PlanSummarySerializer,
    SuccessorInputSerializer,
)
from .services import create_plan, update_plan
from .succession import create_successor

PLAN_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Mã kế hoạch.")


def visible_plan_or_404(request, plan_id):
    """The plan (with its people) if the requesting user may see it; a plan of another authority is a
    404, like a missing one."""
    return selectors.visible_plan_or_404(request.user, plan_id)


def plan_response(request, plan, status_code=status.HTTP_200_OK):
    """The whole plan, read again with its parts and what its available_actions will read (one fixed
    set of compiled queries, in one round trip)."""
    plan = plan_with_parts(plan.pk, reads=available_actions_reads(plan, request.user))
    return Response(PlanSerializer(plan, context={"request": request}).data, status=status_code)


class PlanListCreateView(generics.GenericAPIView):
    """GET /api/plans/ — plans this user may see, newest change first. POST — a new draft."""

    parser_classes = [JSONParser]
    serializer_class = PlanSummarySerializer
    filter_backends = [PlanFilterBackend]
    filterset_class = PlanFilter  # the list page's filters too
    pagination_class = CountInPagePagination

    def count_in_page(self, request):
        """The page and the count in one query, except for a superuser: every plan is visible, the
        newest come first from an index, and counting them apart is cheaper (config.api_pages)."""
        return not request.user.is_superuser

    def get_queryset(self):
        return visible_plans(self.request.user, Plan.objects.select_related("organization"), listing=True).order_by(*NEWEST_FIRST)

    def listing(self, request):
        """What the list pages: for a superuser the queryset; for anyone else a Listing keyed by what
        the queryset is built from (their ways of seeing and the filters asked), so that a page's
        SQL is built and compiled once per process (config.api_pages.Listing). The filters are
        checked first, a bad value a 400 as ever."""
        if not self.count_in_page(request):
            return self.filter_queryset(self.get_queryset())
        asked, filterset = PlanFilterBackend.checked_filters(request, self)
        narrow = None if filterset is None else filterset.filter_queryset
        user = request.user

        def build():
            return self.get_queryset() if narrow is None else narrow(self.get_queryset())

        def page(bottom, top):
            return visible_page(user, Plan.objects.select_related("organization"), bottom, top, narrow=narrow, count_as=COUNT_IN_PAGE)

        return Listing(("plans", seeing_key(user), asked), build, page)

    @extend_schema(
        operation_id="plans_list",
        responses={200: PlanSummarySerializer(many=True), **error_responses(400, 401, 404)},
        summary="Danh sách kế hoạch",
        description="Các kế hoạch của cơ quan người dùng có vai trò, mới sửa trước. Giá trị lọc sai: 400.",
    )
    def get(self, request):
        page = self.paginate_queryset(self.listing(request))
        return self.get_paginated_response(PlanSummarySerializer(page, many=True).data)

    @extend_schema(
        operation_id="plans_create",
        request=PlanCreateInputSerializer,
        responses={201: PlanSerializer, **error_responses(400, 401, 403)},
        summary="Tạo kế hoạch (chuyên viên soạn thảo của cơ quan)",
        description="Kế hoạch mới ở trạng thái draft. Người không phải chuyên viên soạn thảo của cơ quan: 403.",
    )
    def post(self, request):
        if not drafting_authority_ids(request.user):  # refused before the body is even read
            raise NotPermitted(_("Bạn không phải chuyên viên soạn thảo của cơ quan nào."))
        body = PlanCreateInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        organization = data.pop("organization")
        plan = create_plan(request.user, organization, data)
        return plan_response(request, plan, status.HTTP_201_CREATED)


class PlanDetailView(generics.GenericAPIView):
    """GET /api/plans/{id}/ — the whole plan. PATCH — the drafter edits a draft."""

    parser_classes = [JSONParser]
    serializer_class = PlanSerializer

    @extend_schema(
        operation_id="plans_retrieve",
        parameters=[PLAN_ID],
        responses={200: PlanSerializer, **error_responses(401, 404)},
        summary="Một kế hoạch",
        description="Toàn bộ kế hoạch, kèm available_actions của người dùng này. Kế hoạch của cơ quan khác: 404.",
    )
    def get(self, request, pk):
        plan = selectors.visible_plan_or_404(request.user, pk, parts=True)
        return Response(PlanSerializer(plan, context={"request": request}).data)

    @extend_schema(
        operation_id="plans_partial_update",
        parameters=[PLAN_ID],
        request=PlanContentInputSerializer,
        responses={200: PlanSerializer, **error_responses(400, 401, 403, 404, 409)},
        summary="Sửa kế hoạch dự thảo",
        description="Chỉ người soạn thảo kế hoạch, chỉ ở trạng thái draft. Trường không gửi giữ nguyên; "
        "một danh sách gửi lên thay cả danh sách cũ. organization không đổi được (bỏ qua).",
    )
    def patch(self, request, pk):
        plan = visible_plan_or_404(request, pk)
        refusal = edit_refusal(plan, request.user)  # refused before the body is read (checked again, locked, on write)
        if refusal is not None:
            raise refusal
        body = PlanContentInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        plan = update_plan(plan, request.user, dict(body.validated_data))
        return plan_response(request, plan)


class SuccessorView(generics.GenericAPIView):
    """POST /api/plans/{id}/successor/ — a draft that corrects or replaces an issued plan."""

    parser_classes = [JSONParser]
    serializer_class = SuccessorInputSerializer

    @extend_schema(
        operation_id="plans_successor_create",
        parameters=[PLAN_ID],
        request=SuccessorInputSerializer,
        responses={201: PlanSerializer, **error_responses(400, 401, 403, 404, 409)},
        summary="Tạo văn bản đính chính hoặc thay thế (Điều 18 NĐ 30)",
        description="Một dự thảo mới, điền sẵn từ văn bản gốc, liên kết với nó; văn bản gốc không đổi. "
        "Chuyên viên soạn thảo của cơ quan ban hành; văn bản gốc đã ban hành (409 nếu chưa, hoặc đã có một văn bản đang soạn).",
    )
    def post(self, request, pk):
        original = visible_plan_or_404(request, pk)
        if not may_create(request.user, original.organization):  # refused before the body is read
            raise NotPermitted(_("Chỉ chuyên viên soạn thảo của cơ quan ban hành được tạo văn bản đính chính, thay thế."))
        body = SuccessorInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        successor = create_successor(original, request.user, body.validated_data["relation"])
        return plan_response(request, successor, status.HTTP_201_CREATED)
