"""The audit bundle's format as an OpenAPI component (GET /api/audit/export/), for generated clients.

Only describes what audit.verify.export writes (its docstring is the full format); the offline checker
`python -m audit.verify.bundle` is what verifies it."""

from rest_framework import serializers


class BundlePlanSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organization = serializers.CharField(help_text="Tên cơ quan ban hành.")
    subject = serializers.CharField()
    state = serializers.CharField()
    review_round = serializers.IntegerField()
    number = serializers.IntegerField(allow_null=True)
    symbol = serializers.CharField(allow_null=True)


class BundleRowSerializer(serializers.Serializer):
    model = serializers.CharField(help_text='Bảng, ví dụ "plans.historicalplan" hay "approvals.signature".')
    id = serializers.IntegerField()
    fields = serializers.DictField(help_text="{cột: giá trị JSON}; sha256 của sự kiện là SHA-256 của JSON chuẩn hóa của nó.")


class BundleSignatureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    review_round = serializers.IntegerField()
    signer = serializers.IntegerField(allow_null=True)
    signer_name = serializers.CharField()
    position = serializers.CharField()
    authority = serializers.CharField()
    signed_at = serializers.DateTimeField()
    content_hash = serializers.CharField()
    algorithm = serializers.CharField()
    certificate_pem = serializers.CharField()


class AuditBundleSerializer(serializers.Serializer):
    """planflow-audit-bundle, version 2 (audit.verify.export)."""

    format = serializers.CharField(help_text='Luôn là "planflow-audit-bundle".')
    version = serializers.IntegerField(help_text="2.")
    exported_at = serializers.DateTimeField()
    plan = BundlePlanSerializer()
    content = serializers.DictField(help_text="Nội dung kế hoạch (plans.content.plan_content).")
    content_hash = serializers.CharField(help_text="SHA-256 (hex) của JSON chuẩn hóa RFC 8785 của content.")
    events = serializers.ListField(
        child=serializers.DictField(),
        help_text="Các sự kiện, cũ nhất trước: plan, seq, at, actor, kind, action, from_state, to_state, comment, changes, "
        "prev_hash, rows (nếu có) và hash.",
    )
    rows = BundleRowSerializer(many=True)
    signatures = BundleSignatureSerializer(many=True)
    ca_certificates = serializers.ListField(child=serializers.CharField(), help_text="Chứng thư CA (PEM).")
    checkpoint = serializers.DictField(allow_null=True, help_text="Điểm kiểm tra gần nhất chứa kế hoạch, hoặc null.")
