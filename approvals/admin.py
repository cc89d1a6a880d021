"""The trust list in the admin: CA certificates an admin imports (a national root CA, a remote
signing service's CA, a time-stamping authority's root); the certificates signers use on their own
devices, each registered to its owner; revocations, read-only."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import certificates
from .models import CertificateRevocation, SignerCertificate, TrustedCertificate
from .trust import fingerprint


class TrustedCertificateForm(forms.ModelForm):
    class Meta:
        model = TrustedCertificate
        fields = ["name", "certificate_pem", "note", "active"]

    def clean_certificate_pem(self):
        certificate = certificates.load_pem(self.cleaned_data["certificate_pem"])
        if certificate is None:
            raise forms.ValidationError(_("Không đọc được chứng thư số (cần dạng PEM)."))
        if not certificates.is_ca(certificate):
            raise forms.ValidationError(_("Chứng thư số này không phải của một CA."))
        self.instance.sha256 = fingerprint(certificate)
        return certificates.to_pem(certificate)


@admin.register(TrustedCertificate)
class TrustedCertificateAdmin(admin.ModelAdmin):
    form = TrustedCertificateForm
    list_display = ["name", "active", "sha256", "added_at"]
    list_filter = ["active"]


@admin.register(CertificateRevocation)
class CertificateRevocationAdmin(admin.ModelAdmin):
    list_display = ["serial_number", "keypair", "revoked_at", "reason"]

    def has_add_permission(self, request):
        return False  # manage.py revoke_certificate

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SignerCertificateForm(forms.ModelForm):
    class Meta:
        model = SignerCertificate
        fields = ["user", "certificate_pem"]

    def clean_certificate_pem(self):
        certificate = certificates.load_pem(self.cleaned_data["certificate_pem"])
        if certificate is None or certificates.is_ca(certificate):
            raise forms.ValidationError(_("Cần chứng thư số (PEM) của người ký, không phải của một CA."))
        self.instance.sha256 = fingerprint(certificate)
        return certificates.to_pem(certificate)


@admin.register(SignerCertificate)
class SignerCertificateAdmin(admin.ModelAdmin):
    """The certificates people sign with on their own devices, each registered to its owner."""

    form = SignerCertificateForm
    list_display = ["user", "sha256", "added_at"]
