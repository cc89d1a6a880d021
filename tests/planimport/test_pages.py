"""The import pages: upload, the review beside the source, corrections, "Lưu bản nháp"."""

import datetime as dt
import hashlib
import re

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from planimport.models import ImportedSource, PendingImport
from planimport.services import EDITABLE_KINDS, read_pending
from plans.models import Plan
from tests.planimport import files
from tests.planimport.conftest import upload

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


@pytest.fixture
def drafter(client, world):
    client.force_login(world["users"]["drafter"])
    return client


def uploaded(client, world, data=None, name="ke-hoach.txt"):
    data = files.seed_text(2).encode("utf-8") if data is None else data
    response = client.post("/plans/import/", {"organization": world["district"].pk, "file": upload(data, name)})
    assert response.status_code == 302, response.content.decode()[:2000]
    pending = PendingImport.objects.get()
    assert response["Location"] == f"/plans/import/{pending.pk}/"
    return pending


def review_post(pending, changes=None, subject=None):
    """The review form as the page sends it, each block as recognized unless `changes` says otherwise."""
    body = read_pending(pending).recognition.plan["body"]
    data = {"block-TOTAL_FORMS": len(body), "block-INITIAL_FORMS": len(body), "subject": subject or "Trích yếu"}
    for i, block in enumerate(body):
        change = (changes or {}).get(i, {})
        data[f"block-{i}-kind"] = change.get("kind", block["kind"])
        data[f"block-{i}-text"] = change.get("text", block.get("text", ""))
        if change.get("drop"):
            data[f"block-{i}-drop"] = "on"
    return data, body


def test_the_entry_sits_beside_creating_a_plan(drafter):
    page = drafter.get("/plans/").content.decode()
    assert 'href="/plans/import/"' in page and "Nhập từ văn bản" in page


def test_only_a_drafter_gets_the_upload_page(client, world):
    client.force_login(world["users"]["reviewer"])
    assert client.get("/plans/import/").status_code == 403


def test_upload_keeps_the_file_on_the_server_and_shows_the_review(drafter, world):
    data = files.seed_text(2).encode("utf-8")
    page = drafter.get("/plans/import/").content.decode()
    assert 'enctype="multipart/form-data"' in page and not INLINE_SCRIPT.search(page)
    pending = uploaded(drafter, world, data)
    assert (pending.owner, pending.organization, pending.sha256) == (
        world["users"]["drafter"],
        world["district"],
        hashlib.sha256(data).hexdigest(),
    )
    with pending.file.open("rb") as stored:
        assert stored.read() == data
    review = drafter.get(f"/plans/import/{pending.pk}/").content.decode()
    assert not INLINE_SCRIPT.search(review)
    assert "Văn bản gốc" in review and "Kết quả nhận dạng" in review and "Lưu bản nháp" in review
    assert "<dt>Khối nội dung</dt>" in review and "<dt>blocks</dt>" not in review  # the report's counts named in Vietnamese
    report_card = review.split('id="import-report"')[1].split('name="subject"')[0]
    assert "/KH-UBND" in report_card and "chỉ để tham chiếu" in report_card  # the source's Số, as a reference
    for line in files.seed_lines(2)[:5]:
        assert line.replace("'", "&#x27;") in review
    body = read_pending(pending).recognition.plan["body"]
    assert review.count('class="pf-import-block pf-import-block--') == len(body)
    assert not Plan.objects.exists()


def test_someone_else_cannot_open_a_pending_upload_nor_after_it_expired(drafter, client, world):
    pending = uploaded(drafter, world)
    client.force_login(world["users"]["drafter2"])
    assert client.get(f"/plans/import/{pending.pk}/").status_code == 404
    assert client.post(f"/plans/import/{pending.pk}/", review_post(pending)[0]).status_code == 404
    pending.expires_at = timezone.now() - dt.timedelta(minutes=1)
    pending.save()
    assert drafter.get(f"/plans/import/{pending.pk}/").status_code == 404


def test_saving_applies_the_corrections_and_makes_the_draft_with_the_import_event(drafter, world):
    pending = uploaded(drafter, world)
    stored_name = pending.file.name
    body = read_pending(pending).recognition.plan["body"]
    editable = [i for i, block in enumerate(body) if block["kind"] in EDITABLE_KINDS and block.get("text")]
    retyped, edited, dropped = editable[0], editable[1], editable[2]
    new_kind = "target" if body[retyped]["kind"] != "target" else "paragraph"
    data, _body = review_post(
        pending,
        {retyped: {"kind": new_kind}, edited: {"text": "Đoạn đã sửa khi soát."}, dropped: {"drop": True}},
        subject="Kế hoạch đã soát trích yếu",
    )
    response = drafter.post(f"/plans/import/{pending.pk}/", data)
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    assert plan.subject == "Kế hoạch đã soát trích yếu"
    blocks = list(plan.blocks.order_by("position"))
    assert len(blocks) == len(body) - 1
    expected = [dict(block) for i, block in enumerate(body) if i != dropped]
    position = {i: n for n, i in enumerate(i for i in range(len(body)) if i != dropped)}
    assert blocks[position[retyped]].kind == new_kind
    assert blocks[position[edited]].text == "Đoạn đã sửa khi soát."
    assert [b.text for n, b in enumerate(blocks) if n not in (position[edited],)] == [
        e.get("text", "") for n, e in enumerate(expected) if n != position[edited]
    ]
    event = AuditEvent.objects.get(plan=plan)
    assert event.action == "import"
    source = ImportedSource.objects.get(plan=plan)
    assert source.file.name == stored_name and source.sha256 == pending.sha256
    assert not PendingImport.objects.exists()


def test_a_count_of_blocks_that_does_not_match_changes_nothing(drafter, world, nothing_written):
    pending = uploaded(drafter, world)
    data, body = review_post(pending)
    data["block-TOTAL_FORMS"] = data["block-INITIAL_FORMS"] = len(body) - 1
    with nothing_written():
        response = drafter.post(f"/plans/import/{pending.pk}/", data)
    assert response.status_code == 422
    assert "không khớp" in response.content.decode()


def test_an_empty_subject_is_shown_as_an_error_and_changes_nothing(drafter, world, nothing_written):
    pending = uploaded(drafter, world)
    data, _body = review_post(pending)
    data["subject"] = ""
    with nothing_written():
        response = drafter.post(f"/plans/import/{pending.pk}/", data)
    assert response.status_code == 422
    assert "Chưa lưu được bản nháp" in response.content.decode()


def test_the_plan_page_names_the_source_and_those_who_see_the_plan_download_it(drafter, client, world):
    data = files.seed_text(1).encode("utf-8")
    pending = uploaded(drafter, world, data, name="KH-MTTQ.txt")
    drafter.post(f"/plans/import/{pending.pk}/", review_post(pending, subject="Kế hoạch nhập")[0])
    plan = Plan.objects.get()
    page = drafter.get(f"/plans/{plan.pk}/").content.decode()
    assert f'href="/plans/{plan.pk}/source/"' in page and "KH-MTTQ.txt" in page and hashlib.sha256(data).hexdigest() in page
    download = drafter.get(f"/plans/{plan.pk}/source/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == data
    assert "attachment" in download["Content-Disposition"]
    client.force_login(world["users"]["xa_drafter"])  # another organization: the plan is not there for them
    assert client.get(f"/plans/{plan.pk}/source/").status_code == 404


def test_a_plan_written_by_hand_has_no_source(drafter, world, make_plan):
    plan = make_plan()
    assert "imported-source" not in drafter.get(f"/plans/{plan.pk}/").content.decode()
    assert drafter.get(f"/plans/{plan.pk}/source/").status_code == 404


def test_the_review_page_adds_the_same_queries_to_the_reading_for_a_short_and_a_long_document(drafter, world):
    """The page's own queries (the pending upload, the session, the stored file) do not grow with the
    document. The reading itself (planimport.recognize) looks up one organization per task party
    through the API's serializer: that grows with the parties, and is counted apart here."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def review_queries(data):
        PendingImport.objects.all().delete()
        pending = uploaded(drafter, world, data)
        drafter.get(f"/plans/import/{pending.pk}/")  # warm-up
        with CaptureQueriesContext(connection) as reading:
            read_pending(pending)
        with CaptureQueriesContext(connection) as queries:
            assert drafter.get(f"/plans/import/{pending.pk}/").status_code == 200
        return len(queries) - len(reading)

    lines = files.seed_lines(3)
    ending = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    body = lines[lines.index("KẾ HOẠCH") + 2 : ending]
    short = "\n".join(lines).encode("utf-8")
    long = "\n".join(lines[:ending] + body * 3 + lines[ending:]).encode("utf-8")
    assert review_queries(short) == review_queries(long)


def test_a_long_document_saves_though_its_review_posts_more_than_a_thousand_fields(drafter, world):
    lines = files.seed_lines(3)
    ending = next(i for i, line in enumerate(lines) if line.startswith("Nơi nhận"))
    many = [f"- Rà soát, tổng hợp số liệu của thôn thứ {n}." for n in range(1, 601)]  # one block each
    long = "\n".join(lines[:ending] + many + lines[ending:]).encode("utf-8")
    pending = uploaded(drafter, world, long)
    data, body = review_post(pending)
    assert len(data) > 1000
    response = drafter.post(f"/plans/import/{pending.pk}/", data)
    assert response.status_code == 302
    assert Plan.objects.get().blocks.count() == len(body)
