"""Signing grants over the API (docs/API.md "Delegation"): list, grant, revoke (plans.delegation)."""

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Organization, Role
from accounts.roles import authority_ids_for_role
from config.api_errors import error_responses
from config.refusals import NotPermitted
from config.request_limits import JSONParser
from config.text import SafeSerializerCharField

from .delegation import delegations_for, grant, revoke
from .models import DOC_TYPES, Delegation, Plan


class DelegationSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = Delegation
        fields = [
            "id",
            "organization",
            "kind",
            "grantor",
            "grantee",
            "plan",
            "doc_type",
            "position",
            "valid_from",
            "valid_until",
            "revoked_at",
            "status",
        ]
        read_only_fields = fields

    def get_status(self, delegation) -> str:
        return delegation.status(timezone.localdate())


class DelegationInputSerializer(serializers.Serializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all())
    kind = serializers.ChoiceField(choices=Delegation.KINDS)
    grantee = serializers.PrimaryKeyRelatedField(queryset=get_user_model().objects.all())
    plan = serializers.PrimaryKeyRelatedField(queryset=Plan.objects.all(), required=False, allow_null=True, default=None)
    doc_type = serializers.ChoiceField(choices=DOC_TYPES, required=False, allow_blank=True, default="")
    position = SafeSerializerCharField(required=False, allow_blank=True, max_length=100, default="")
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()


class DelegationListView(generics.GenericAPIView):
    parser_classes = [JSONParser]
    serializer_class = DelegationSerializer

    @extend_schema(
        operation_id="delegations_list",
        responses={200: DelegationSerializer(many=True), **error_responses(401)},
        summary="Ủy quyền ký (TUQ., KT.)",
        description="Các ủy quyền ký của cơ quan nơi người dùng là người ký.",
    )
    def get(self, request):
        page = self.paginate_queryset(delegations_for(request.user))
        return self.get_paginated_response(DelegationSerializer(page, many=True).data)

    @extend_schema(
        operation_id="delegations_create",
        request=DelegationInputSerializer,
        responses={201: DelegationSerializer, **error_responses(400, 401, 403)},
        summary="Giao ủy quyền ký",
        description="Một người ký (lãnh đạo) của cơ quan giao TUQ. hoặc KT. cho một người ký khác, cho một kế hoạch "
        "hoặc mọi văn bản một loại, trong một thời hạn. Người không phải người ký của cơ quan: 403.",
    )
    def post(self, request):
        if not authority_ids_for_role(request.user, Role.SIGNER):  # refused before the body is read
            raise NotPermitted(_("Chỉ lãnh đạo (người ký) của cơ quan được giao ủy quyền ký."))
        body = DelegationInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        organization = data.pop("organization")
        return Response(DelegationSerializer(grant(request.user, organization, **data)).data, status=status.HTTP_201_CREATED)


class DelegationRevokeView(APIView):
    @extend_schema(
        operation_id="delegations_revoke",
        request=None,
        responses={200: DelegationSerializer, **error_responses(401, 403, 404, 409)},
        summary="Thu hồi ủy quyền ký",
    )
    def post(self, request, pk):
        delegation = get_object_or_404(delegations_for(request.user), pk=pk)
        return Response(DelegationSerializer(revoke(delegation, request.user)).data)
