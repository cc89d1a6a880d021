"""Accounts over the API: token login, who am I, organizations, and users for pickers (docs/API.md)."""

import logging

from django.contrib.auth import authenticate, get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import error_responses
from config.logging import security_event
from config.refusals import InvalidInput
from config.request_limits import JSONParser

from .models import Membership, Organization, Role
from .roles import authority_ids, memberships
from .tokens import token_for_login

User = get_user_model()


# --- serializers -------------------------------------------------------------------------------


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Gửi lại trong header: Authorization: Token <token>.")


class UserBriefSerializer(serializers.Serializer):
    """A person as pickers and timelines show them."""

    id = serializers.IntegerField(read_only=True)
    username = serializers.CharField(read_only=True)
    full_name = serializers.CharField(source="get_full_name", read_only=True)


class MembershipSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization_id", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, read_only=True)
    position = serializers.CharField(read_only=True)


class MeSerializer(UserBriefSerializer):
    """The requesting user with the roles they hold."""

    memberships = serializers.SerializerMethodField()

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, user):
        rows = sorted(memberships(user), key=lambda m: (m.organization.name, m.organization_id, m.role))
        return MembershipSerializer(rows, many=True).data


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "code", "symbol_suffix", "parent", "kind"]


class OrganizationFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Organization.Kind.choices, required=False, allow_blank=True)
    parent = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False, allow_null=True)


class UserFilterSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False, allow_blank=True)
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(),
        required=False,
        allow_null=True,
        help_text="Người có vai trò ở tổ chức này, hoặc ở một đơn vị của nó.",
    )


def validated_query(request, serializer_class):
    """Query parameters checked by `serializer_class`; a bad value is a 400, never a 500."""
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    return params.validated_data


# --- views -------------------------------------------------------------------------------------


class TokenView(APIView):
    """POST /api/auth/token/ — a token for a username and password; DELETE — revoke the caller's token.

    Failed logins count towards the lockout (django-axes, accounts.throttling) like the web form's.
    """

    parser_classes = [JSONParser]  # docs/API.md: the login is JSON (one declared body type for generated clients)

    def get_authenticators(self):
        # POST is the login itself (no credentials yet, and a stale token must not get in its way);
        # DELETE needs to know whose token to revoke.
        method = getattr(self.request, "method", None)  # None while drf-spectacular builds the schema
        return [] if method == "POST" else super().get_authenticators()

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "DELETE" else [AllowAny()]

    @extend_schema(
        operation_id="auth_token_create",
        request=CredentialsSerializer,
        responses={200: TokenSerializer, **error_responses(400, 429)},
        auth=[],
        summary="Lấy token đăng nhập",
        description="429 (code locked_out) sau quá nhiều lần đăng nhập sai từ cùng một máy: thử lại sau.",
    )
    def post(self, request):
        credentials = CredentialsSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        # Django's request, not DRF's: django-axes marks a lockout on it for its middleware to answer.
        user = authenticate(request._request, **credentials.validated_data)
        if user is None:
            message = _("Tên đăng nhập hoặc mật khẩu không đúng.")
            raise InvalidInput(message, errors={"non_field_errors": [message]})
        return Response({"token": token_for_login(user).key})

    @extend_schema(
        operation_id="auth_token_destroy",
        request=None,
        responses={204: None, **error_responses(401)},
        summary="Thu hồi token đăng nhập",
        description="Xóa token của người gọi: token đó không dùng được nữa. Lần sau POST để lấy token mới.",
    )
    def delete(self, request):
        revoked, _detail = Token.objects.filter(user=request.user).delete()
        security_event("token_revoked", request=request, level=logging.INFO, revoked=revoked, via="api")
        return Response(status=204)


class MeView(APIView):
    """GET /api/me/ — the requesting user and their roles."""

    @extend_schema(responses={200: MeSerializer, **error_responses(401)}, summary="Người dùng hiện tại")
    def get(self, request):
        return Response(MeSerializer(request.user).data)


@extend_schema(
    parameters=[OrganizationFilterSerializer], responses={200: OrganizationSerializer(many=True), **error_responses(400, 401, 404)}
)
class OrganizationListView(generics.ListAPIView):
    """GET /api/organizations/ — issuing authorities and their units (?kind=unit&parent=ID)."""

    serializer_class = OrganizationSerializer

    def get_queryset(self):
        filters = validated_query(self.request, OrganizationFilterSerializer)
        queryset = Organization.objects.order_by("name", "id")
        if filters.get("kind"):
            queryset = queryset.filter(kind=filters["kind"])
        if filters.get("parent") is not None:
            queryset = queryset.filter(parent=filters["parent"])
        return queryset


@extend_schema(parameters=[UserFilterSerializer], responses={200: UserBriefSerializer(many=True), **error_responses(400, 401, 404)})
class UserListView(generics.ListAPIView):
    """GET /api/users/?role=signer&organization=ID — people of the requester's authorities, for pickers."""

    serializer_class = UserBriefSerializer

    def get_queryset(self):
        filters = validated_query(self.request, UserFilterSerializer)
        rows = Membership.objects.all()
        if not self.request.user.is_superuser:
            rows = rows.filter(_in_authorities(authority_ids(self.request.user)))
        if filters.get("role"):
            rows = rows.filter(role=filters["role"])
        if filters.get("organization") is not None:
            rows = rows.filter(_in_authorities([filters["organization"].pk]))
        return User.objects.filter(is_active=True, pk__in=rows.values("user_id")).order_by("username", "id")


def _in_authorities(org_ids):
    """Memberships held in one of `org_ids` or in one of their units (as accounts.roles.has_role counts them)."""
    return Q(organization_id__in=org_ids) | Q(organization__kind=Organization.Kind.UNIT, organization__parent_id__in=org_ids)
