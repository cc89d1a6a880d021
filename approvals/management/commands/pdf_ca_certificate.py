"""manage.py pdf_ca_certificate > planflow-pdf-ca.pem: the PEM certificate of the installation's
ECDSA P-256 CA, the one that issues the certificates of the PDF signatures (made if missing).

Import it as a trusted root in a PDF reader (Adobe Acrobat: Preferences → Signatures → Identities
& Trusted Certificates) and both signatures of an issued PDF show as valid and trusted.
"""

from django.core.management.base import BaseCommand

from approvals.keys import PDF, ca_keypair


class Command(BaseCommand):
    help = "In chứng thư số (PEM) của CA ký số tệp PDF (ECDSA P-256) để nhập vào trình đọc PDF."

    def handle(self, *args, **options):
        self.stdout.write(ca_keypair(PDF).certificate_pem.strip())
