"""Every API error as JSON {"detail", "code"} (+ "errors" for invalid input, "reasons" for unmet conditions)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from config.logging import log_refusal
from config.refusals import Refusal


class ApiErrorSerializer(serializers.Serializer):
    """The body of every error response, for the OpenAPI schema."""

    detail = serializers.CharField(help_text="Thông báo cho người đọc (tiếng Việt).")
    code = serializers.CharField(help_text="Mã ổn định cho máy: invalid, not_permitted, wrong_state, conditions_unmet, not_found …")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Lỗi theo trường, đường dẫn kiểu tasks[0].text (dữ liệu không hợp lệ).",
    )
    reasons = serializers.ListField(child=serializers.CharField(), required=False, help_text="Các điều kiện chưa đạt.")


ERROR_DESCRIPTIONS = {
    400: "Dữ liệu không hợp lệ, hoặc chưa đủ điều kiện của thao tác.",
    401: "Chưa đăng nhập.",
    403: "Người dùng này không được làm việc này với kế hoạch này.",
    404: "Không có, hoặc người dùng không được xem.",
    409: "Không thực hiện được ở trạng thái hiện tại, hoặc một thay đổi đồng thời đã thắng.",
    429: "Nhập sai mật khẩu quá nhiều lần: tạm khóa, thử lại sau (code locked_out hoặc too_many_attempts).",
}


def error_responses(*statuses):
    """{status: error response} for @extend_schema(responses=…)."""
    return {code: OpenApiResponse(ApiErrorSerializer, description=ERROR_DESCRIPTIONS[code]) for code in statuses}


def refusal_response(refusal):
    return Response(refusal.as_dict(), status=refusal.status)


def _flatten(detail):
    """DRF error detail → {"field": ["message", …]} with nested paths like tasks[0].text."""
    out = {}

    def walk(value, path):
        if isinstance(value, dict):
            for key, sub in value.items():
                if isinstance(key, int):  # DRF reports list items as {index: errors}
                    walk(sub, f"{path}[{key}]")
                else:
                    walk(sub, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list) and value and all(not isinstance(v, (dict, list)) for v in value):
            out.setdefault(path or "non_field_errors", []).extend(str(v) for v in value)
        elif isinstance(value, list):
            for i, sub in enumerate(value):
                if sub:
                    walk(sub, f"{path}[{i}]")
        else:
            out.setdefault(path or "non_field_errors", []).append(str(value))

    walk(detail, "")
    return out


def exception_handler(exc, context):
    if isinstance(exc, Refusal):
        log_refusal(context.get("request"), exc, view=type(context.get("view")).__name__)  # security log
        return refusal_response(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Không tìm thấy, hoặc bạn không được xem.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": "Dữ liệu không hợp lệ.", "code": "invalid", "errors": _flatten(exc.detail)}
        response.status_code = status.HTTP_400_BAD_REQUEST
        return response
    detail = getattr(exc, "detail", None)
    code = detail.code if hasattr(detail, "code") else getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.NotAuthenticated):
        message = "Cần đăng nhập (gửi Authorization: Token …)."
    elif isinstance(exc, exceptions.AuthenticationFailed):
        message = str(detail) if detail else "Thông tin đăng nhập không hợp lệ."
    else:
        message = str(detail) if detail is not None else str(exc)
    response.data = {"detail": message, "code": str(code)}
    return response
