"""Signing on the signer's own device (client-side signing), over the API:

POST /api/plans/{id}/sign/prepare/    {"certificate_chain": [PEM of the signer's certificate, then
                                      intermediates]} → 201 {"id", "expires_at", "algorithm",
                                      "record": base64, "pdf": base64 or null}: what the device signs
                                      (ECDSA P-256 over SHA-256 of each, DER signatures)
POST /api/plans/{id}/sign/complete/   {"id", "record_signature", "pdf_signature" (base64), "password",
                                      "comment"} → the plan: the main signature, recorded through
                                      workflow.services.perform's `sign` (same checks, same audit event)

Prepare checks what `sign` (main) would check before anything is signed, and the certificate: it
chains to the trust list and an admin registered it to this signer.
"""

import base64
import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from approvals import device_signing
from approvals.models import PendingDeviceSignature, Signature
from config.api_errors import error_responses
from config.refusals import ConditionsUnmet, NotPermitted, WrongState
from config.request_limits import JSONParser
from config.text import SafeSerializerCharField
from documents import device_signing as device_pdf
from plans.api import PLAN_ID, plan_response, visible_plan_or_404
from plans.content import read_content_once
from plans.delegation import signing_grant
from plans.lifecycle import State
from plans.models import TEXT_MAX_LENGTH
from plans.rules import done_already, is_permitted, relations, sign_kind_permitted
from plans.serializers import PlanSerializer

from .services import perform

MAX_PEM = 20000
NO_PDF = {"prepared_pdf": b"", "document_digest": "", "reserved_region_start": 0, "reserved_region_end": 0, "signed_attributes": b""}


class PrepareInputSerializer(serializers.Serializer):
    certificate_chain = serializers.ListField(
        child=serializers.CharField(max_length=MAX_PEM, trim_whitespace=False),
        min_length=1,
        max_length=5,
        help_text="Chứng thư số (PEM) của người ký trên thiết bị, rồi các CA trung gian.",
    )


class PreparedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    expires_at = serializers.DateTimeField()
    algorithm = serializers.CharField(help_text="ECDSA-P256-SHA256: ECDSA P-256 trên SHA-256 của từng dữ liệu, chữ ký dạng DER.")
    record = serializers.CharField(help_text="Base64 của bản ghi chữ ký (JSON RFC 8785) thiết bị phải ký.")
    pdf = serializers.CharField(allow_null=True, help_text="Base64 của các thuộc tính CMS đã ký của chữ ký PDF; null khi không lập PDF.")


class CompleteInputSerializer(serializers.Serializer):
    id = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="id do sign/prepare trả về.")
    record_signature = serializers.CharField(max_length=4096, help_text="Base64 chữ ký của thiết bị trên `record`.")
    pdf_signature = serializers.CharField(
        max_length=4096, required=False, allow_blank=True, default="", help_text="Base64 chữ ký của thiết bị trên `pdf`."
    )
    password = serializers.CharField(max_length=4096, trim_whitespace=False, write_only=True, style={"input_type": "password"})
    comment = SafeSerializerCharField(
        multiline=True, required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH, trim_whitespace=False, default=""
    )


def _refuse_unless_may_sign_main(plan, user, *, signed_already=True):
    """What perform's `sign` (main) refuses before signing, asked without writing → the position a
    signing grant prints under the authority, or None. `signed_already=False`: not whether the user
    signed this content already (which reads the whole content); complete leaves that to perform,
    which refuses it the same way in its transaction."""
    held = relations(plan, user)
    if not is_permitted(plan, "sign", user, held) or not sign_kind_permitted(plan, Signature.Kind.MAIN, user, held):
        raise NotPermitted(_("Bạn không có quyền ký loại chữ ký này trên kế hoạch này."))
    if plan.state != State.SIGNING:
        raise WrongState(_("Chỉ ký được khi kế hoạch đang ở bước ký."))
    if signed_already and done_already(plan, "sign", user):
        raise WrongState(_("Bạn đã ký nội dung này."))
    grant, refusal = signing_grant(plan, user)  # TUQ./KT.: as `sign` checks it (plans.delegation)
    if refusal is not None:
        raise refusal
    return grant.position if grant and grant.position else None


class SignPrepareView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="plans_sign_prepare",
        parameters=[PLAN_ID],
        request=PrepareInputSerializer,
        responses={201: PreparedSerializer, **error_responses(400, 401, 403, 404, 409)},
        summary="Chuẩn bị chữ ký chính trên thiết bị của người ký",
        description="Trả về dữ liệu thiết bị phải ký. Chứng thư số phải nối tới một CA trong danh sách tin cậy và đã được "
        "đăng ký là của người ký.",
    )
    def post(self, request, pk):
        plan = read_content_once(visible_plan_or_404(request, pk))  # the checks and the record read it once
        grant_position = _refuse_unless_may_sign_main(plan, request.user)  # who and when first: a stranger learns nothing of the body
        body = PrepareInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        certificate, *chain = device_signing.read_certificates(body.validated_data["certificate_chain"])
        now = timezone.now().replace(microsecond=0)
        problems = device_signing.device_certificate_problems(certificate, chain, request.user, now)
        if problems:
            raise ConditionsUnmet(" ".join(problems), reasons=problems)
        record, payload = device_signing.prepare_record(plan, request.user, now, grant_position)
        pdf_fields = device_pdf.prepare(plan, record, certificate, chain)
        pending = PendingDeviceSignature.objects.create(
            plan=plan,
            user=request.user,
            signed_at=now,
            review_round=plan.review_round,
            content_hash=record.content_hash,
            signed_payload=payload.decode("utf-8"),
            certificate_pem=body.validated_data["certificate_chain"][0],
            chain_pem="\n\n".join(body.validated_data["certificate_chain"][1:]),
            **(pdf_fields or NO_PDF),
        )
        answer = {
            "id": pending.pk,
            "expires_at": pending.created_at + dt.timedelta(minutes=PendingDeviceSignature.PENDING_MINUTES),
            "algorithm": device_signing.ALGORITHM,
            "record": base64.b64encode(payload).decode("ascii"),
            "pdf": base64.b64encode(pdf_fields["signed_attributes"]).decode("ascii") if pdf_fields else None,
        }
        return Response(PreparedSerializer(answer).data, status=201)


class SignCompleteView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="plans_sign_complete",
        parameters=[PLAN_ID],
        request=CompleteInputSerializer,
        responses={200: PlanSerializer, **error_responses(400, 401, 403, 404, 409, 429)},
        summary="Hoàn tất chữ ký chính đã ký trên thiết bị",
        description="Nhận chữ ký của thiết bị, gắn vào tệp PDF và ghi chữ ký chính như thao tác sign (cùng điều kiện, "
        "cùng sự kiện nhật ký).",
    )
    def post(self, request, pk):
        plan = visible_plan_or_404(request, pk)
        # perform checks it all again in its transaction (a second signature over this content too)
        _refuse_unless_may_sign_main(plan, request.user, signed_already=False)
        body = CompleteInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        device = {
            "pending": data["id"],
            "record": device_signing.decode_signature(data["record_signature"], "record_signature"),
            "pdf": device_signing.decode_signature(data["pdf_signature"], "pdf_signature") if data["pdf_signature"] else b"",
        }
        plan = perform(
            plan, "sign", request.user, comment=data["comment"], kind=Signature.Kind.MAIN, password=data["password"], device=device
        )
        return plan_response(request, plan)
