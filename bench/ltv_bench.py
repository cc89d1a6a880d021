"""Signatures with timestamps and long-term validation data, and signing on the signer's own device
(issue 20). Goals: render + sign with a timestamp ≤ 400 ms median for the demo plans; the
prepare/complete round trip adds ≤ 50 ms of server time.

    python bench/ltv_bench.py [--runs N]

A loopback RFC 3161 TSA on `openssl ts` (tests/signing/loopback_tsa.py) answers the timestamps, its
root on the trust list. In a scratch database (as render_sign_bench.py) it times, each run rolled back:

    render + sign + timestamp    each demo plan: layout, WeasyPrint, stamp, the PAdES certification
                                 with a signature timestamp (B-T); the figure is the median of the
                                 four plans' best runs
    issue with DSS + doc. ts     the small plan: seal_issued_pdf with the seal's timestamp, the DSS
                                 (certificates, the internal CA's CRL) and a document timestamp (B-LTA)
    sign on the server           the small plan: POST …/actions/sign/ (main), the reference
    prepare / complete           the small plan: POST …/sign/prepare/ and …/sign/complete/ through
                                 the API (the device's two ECDSA signatures are made outside the
                                 timed requests), and what they add to the server-side sign

It prints the figures; nothing asserts them. `make bench` runs it (BENCH_ARGS=--only ltv: only this).
"""

import argparse
import base64
import io
import statistics
import time

from django.conf import settings
from django.db import connection, transaction
from render_sign_bench import PASSWORD, Rollback, render_and_sign, show, small_plan, timed  # noqa: I001  (sets Django up)


def median_ms(timings):
    return statistics.median(wall for wall, _cpu in timings) * 1000


def server_sign_over_api(plan, users):
    """POST …/actions/sign/ (main): the server signs with the signer's key; the answer is the plan,
    as complete's is, so the two compare request for request."""
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(users["signer"])
    answer = client.post(f"/api/plans/{plan.pk}/actions/sign/", {"kind": "main", "password": PASSWORD}, format="json")
    assert answer.status_code == 200, answer.content


def device_round_trip(plan, users, key, pem):
    """(prepare seconds, complete seconds) of one client-side main signature over the API."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(users["signer"])
    started = time.perf_counter()
    prepared = client.post(f"/api/plans/{plan.pk}/sign/prepare/", {"certificate_chain": [pem]}, format="json")
    prepare_seconds = time.perf_counter() - started
    body = prepared.json()
    answer = {
        "id": body["id"],
        "password": PASSWORD,
        **{
            f"{part}_signature": base64.b64encode(key.sign(base64.b64decode(body[part]), ec.ECDSA(hashes.SHA256()))).decode()
            for part in ("record", "pdf")
        },
    }
    started = time.perf_counter()
    completed = client.post(f"/api/plans/{plan.pk}/sign/complete/", answer, format="json")
    complete_seconds = time.perf_counter() - started
    assert completed.status_code == 200, completed.content
    return prepare_seconds, complete_seconds


def demo_plans(plan, results, runs):
    """Render + sign + timestamp of each demo plan: the median of their best runs."""
    from django.core.management import call_command

    from documents import ltv
    from plans.models import Plan

    call_command("loaddemo", stdout=io.StringIO())
    bests = []
    for demo in Plan.objects.exclude(pk=plan.pk).select_related("signer").order_by("pk"):
        timings = [render_and_sign(demo, demo.signer, timestamper=ltv.timestamper())[0]["total"] for _run in range(runs)]
        show(f"render + sign + timestamp, demo plan {demo.pk}", timings)
        bests.append(min(timings)[0])
    results["demo_render_sign_timestamp_median_ms"] = statistics.median(bests) * 1000
    print(f"render + sign + timestamp, demo plans: median of the best runs {results['demo_render_sign_timestamp_median_ms']:.1f} ms")


def issue_figures(plan, users, results, runs):
    """Issue of the small plan with the seal's timestamp, the DSS and a document timestamp (B-LTA)."""
    from documents.services import seal_issued_pdf
    from workflow.services import perform

    def issue():
        perform(plan, "sign", users["signer"], kind="main", password=PASSWORD)
        settings.PLANFLOW_SIGNED_PDFS = False
        perform(plan, "issue", users["clerk"])
        settings.PLANFLOW_SIGNED_PDFS = True
        wall, cpu = time.perf_counter(), time.process_time()
        seal_issued_pdf(plan)
        issue.seconds.append((time.perf_counter() - wall, time.process_time() - cpu))

    issue.seconds = []
    timed(issue, runs)
    show("issue with DSS + document timestamp (B-LTA)", issue.seconds)
    results["issue_lta_median_ms"] = median_ms(issue.seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--device-only", action="store_true", help="only the server sign and the device round trip (before/after comparisons)"
    )
    args = parser.parse_args()

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from approvals.trust import add_trusted, register_signer_certificate
    from documents import ltv
    from tests.signing.loopback_tsa import LoopbackTSA
    from tests.signing.pki import CertificateAuthority, name

    settings.PLANFLOW_SIGNED_PDFS = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    database = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        database.setdefault("TEST", {})["NAME"] = f"bench_{database['NAME']}"
    original_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    results = {}
    try:
        with LoopbackTSA() as tsa, transaction.atomic():
            settings.PLANFLOW_TSA_URL = tsa.url
            add_trusted("Bench TSA root", tsa.ca.pem)
            plan, users = small_plan()
            render_and_sign(plan, users["signer"], timestamper=ltv.timestamper())  # warm up: fonts, keys, the TSA
            if not args.device_only:
                demo_plans(plan, results, args.runs)
            settings.PLANFLOW_SIGNED_PDFS = True
            server_sign = timed(lambda: server_sign_over_api(plan, users), args.runs)
            show("sign (main) on the server over the API, with timestamp", server_sign)
            results["server_sign_median_ms"] = median_ms(server_sign)
            if not args.device_only:
                issue_figures(plan, users, results, args.runs)
            outside = CertificateAuthority("Bench outside root")
            add_trusted("Bench outside root", outside.pem)
            key = ec.generate_private_key(ec.SECP256R1())
            pem = outside.issue(key.public_key(), name("Nguyễn Tiên Dũng")).public_bytes(serialization.Encoding.PEM).decode()
            register_signer_certificate(users["signer"], pem)
            prepares, completes, totals = [], [], []

            def round_trip():
                prepare_seconds, complete_seconds = device_round_trip(plan, users, key, pem)
                prepares.append((prepare_seconds, 0))
                completes.append((complete_seconds, 0))
                totals.append((prepare_seconds + complete_seconds, 0))

            timed(round_trip, args.runs)
            show("  prepare (POST …/sign/prepare/)", prepares)
            show("  complete (POST …/sign/complete/)", completes)
            show("prepare + complete", totals)
            results["device_round_trip_median_ms"] = median_ms(totals)
            results["device_adds_ms"] = median_ms(totals) - median_ms(server_sign)
            print(f"prepare + complete add {results['device_adds_ms']:.1f} ms to the server-side sign (medians)")
            raise Rollback
    except Rollback:
        pass
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
    print("RESULTS " + " ".join(f"{key}={value:.1f}" for key, value in results.items()))


if __name__ == "__main__":
    main()
