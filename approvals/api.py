"""Review comments over the API.

GET  /api/plans/{id}/comments/       the plan's comment threads (paginated), each with its replies
POST /api/plans/{id}/comments/       {"text", "anchor_kind", "anchor_id"}: a reviewer or the signer comments
POST /api/comments/{id}/replies/     {"text"}: the drafter, a reviewer or the signer answers
POST /api/comments/{id}/resolve/     the drafter marks the thread resolved

Writing goes through approvals.comments, whose refusals become 400/403/409 JSON
(config.api_errors). A plan or comment the user may not see is a 404, like a missing one.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import error_responses
from config.request_limits import JSONParser
from config.text import SafeSerializerCharField
from plans.api import PLAN_ID, visible_plan_or_404
from plans.models import TEXT_MAX_LENGTH
from plans.selectors import visible_plans

from .comments import add_comment, answer_comment, refuse_unless_commenter, refuse_unless_thread_member, resolve_comment
from .models import ReviewComment
from .selectors import comments_of

COMMENT_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Mã ý kiến.")
MAX_ID = 2**31 - 1


class ReplySerializer(serializers.ModelSerializer):
    author_name = serializers.SerializerMethodField(help_text="Họ tên người viết.")

    class Meta:
        model = ReviewComment
        fields = ["id", "review_round", "author", "author_name", "text", "created_at"]

    def get_author_name(self, comment) -> str:
        return comment.author.get_full_name() or comment.author.get_username()


class CommentSerializer(ReplySerializer):
    replies = ReplySerializer(many=True, read_only=True)

    class Meta:
        model = ReviewComment
        fields = [
            "id",
            "plan",
            "review_round",
            "anchor_kind",
            "anchor_id",
            "author",
            "author_name",
            "text",
            "created_at",
            "resolved",
            "resolved_at",
            "resolved_by",
            "replies",
        ]


class CommentInputSerializer(serializers.Serializer):
    text = SafeSerializerCharField(multiline=True, max_length=TEXT_MAX_LENGTH, help_text="Nội dung ý kiến.")
    anchor_kind = serializers.ChoiceField(
        choices=ReviewComment.Anchor.choices,
        default=ReviewComment.Anchor.PLAN,
        help_text="Gắn với: plan (toàn bộ kế hoạch), block (một khối của nội dung, `body`), hoặc như trước: section (mục), target (chỉ tiêu), task (nhiệm vụ).",
    )
    anchor_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=MAX_ID,
        help_text="Mã của khối (id trong `body`) hoặc của mục/chỉ tiêu/nhiệm vụ (trừ plan).",
    )


class ReplyInputSerializer(serializers.Serializer):
    text = SafeSerializerCharField(multiline=True, max_length=TEXT_MAX_LENGTH, help_text="Nội dung trả lời.")


def visible_comment_or_404(request, comment_id):
    """The comment if its plan is visible to the user; otherwise a 404, like a missing one."""
    queryset = ReviewComment.objects.filter(plan__in=visible_plans(request.user)).select_related("parent", "plan")
    return get_object_or_404(queryset, pk=comment_id)


def comment_response(comment, status_code=status.HTTP_200_OK):
    comment = comments_of(comment.plan_id).get(pk=comment.pk) if comment.parent_id is None else comment
    serializer = CommentSerializer if comment.parent_id is None else ReplySerializer
    return Response(serializer(comment).data, status=status_code)


class PlanCommentsView(generics.GenericAPIView):
    """GET/POST /api/plans/{id}/comments/"""

    parser_classes = [JSONParser]
    serializer_class = CommentSerializer

    @extend_schema(
        operation_id="plans_comments_list",
        parameters=[PLAN_ID],
        responses={200: CommentSerializer(many=True), **error_responses(401, 404)},
        summary="Ý kiến thẩm định của kế hoạch",
        description="Các ý kiến gốc, cũ trước, mỗi ý kiến kèm các câu trả lời. Ai xem được kế hoạch đều xem được.",
    )
    def get(self, request, pk):
        plan = visible_plan_or_404(request, pk)
        page = self.paginate_queryset(comments_of(plan))
        return self.get_paginated_response(CommentSerializer(page, many=True).data)

    @extend_schema(
        operation_id="plans_comments_create",
        parameters=[PLAN_ID],
        request=CommentInputSerializer,
        responses={201: CommentSerializer, **error_responses(400, 401, 403, 404, 409)},
        summary="Góp ý kiến (người thẩm định được phân công, người ký)",
        description="Khi kế hoạch đang thẩm định hoặc trình ký. 403: không phải người thẩm định/người ký của kế hoạch. "
        "409: kế hoạch không ở trạng thái đó. 400: nội dung trống, hoặc không có phần được gắn trong kế hoạch.",
    )
    def post(self, request, pk):
        plan = visible_plan_or_404(request, pk)
        refuse_unless_commenter(plan, request.user)
        body = CommentInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        comment = add_comment(plan, request.user, **body.validated_data)
        return comment_response(comment, status.HTTP_201_CREATED)


class CommentRepliesView(APIView):
    """POST /api/comments/{id}/replies/"""

    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="comments_replies_create",
        parameters=[COMMENT_ID],
        request=ReplyInputSerializer,
        responses={201: ReplySerializer, **error_responses(400, 401, 403, 404, 409)},
        summary="Trả lời một ý kiến",
        description="Người soạn thảo (trước khi ban hành), người thẩm định được phân công hoặc người ký (khi đang thẩm định, "
        "trình ký). Trả lời một câu trả lời thì vào cùng luồng ý kiến. 409: ý kiến đã giải quyết, hoặc sai trạng thái.",
    )
    def post(self, request, pk):
        comment = visible_comment_or_404(request, pk)
        refuse_unless_thread_member(comment.plan, request.user)
        body = ReplyInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        reply = answer_comment(comment, request.user, **body.validated_data)
        return comment_response(reply, status.HTTP_201_CREATED)


class CommentResolveView(APIView):
    """POST /api/comments/{id}/resolve/"""

    @extend_schema(
        operation_id="comments_resolve",
        parameters=[COMMENT_ID],
        request=None,
        responses={200: CommentSerializer, **error_responses(400, 401, 403, 404, 409)},
        summary="Đánh dấu ý kiến đã giải quyết (người soạn thảo)",
        description="Chỉ người soạn thảo kế hoạch, trước khi ban hành, với ý kiến gốc. 409: đã giải quyết rồi.",
    )
    def post(self, request, pk):
        comment = visible_comment_or_404(request, pk)
        comment = resolve_comment(comment, request.user)
        return comment_response(comment)
