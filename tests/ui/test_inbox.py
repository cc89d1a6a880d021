"""The approval desk in the web UI: the inbox, queue and archive of each person at each step, the
header badge and menu, opening and taking tasks, stale tasks, the plan page's round, query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from viewflow.workflow.status import STATUS

from tests.conftest import PASSWORD
from tests.workflow.flow_helpers import desk_fixture  # noqa: F401 (the `desk` fixture)
from workflow.flow_sync import human_tasks
from workflow.services import perform

pytestmark = pytest.mark.django_db


def rows(client, url):
    """(task id, step) of each row of a desk page."""
    response = client.get(url)
    assert response.status_code == 200
    return re.findall(r'<tr data-task="(\d+)" data-step="([a-z_]+)"', response.content.decode())


def steps(client, url):
    return sorted(step for _pk, step in rows(client, url))


def badge(client):
    """The header badges (my tasks, my queue): each must count what its page lists."""
    html = client.get("/plans/").content.decode()
    queued = re.search(r'data-queued-tasks="(\d+)"', html)
    return int(re.search(r'data-open-tasks="(\d+)"', html).group(1)), int(queued.group(1)) if queued else 0


@pytest.fixture
def as_user(client, desk):
    def login(name):
        client.force_login(desk["users"][name])
        return client

    return login


def test_each_person_sees_their_tasks_at_every_step(as_user, desk, make_plan):
    u = desk["users"]
    plan = make_plan(reviewers=[u["reviewer"], u["reviewer2"]])

    def desk_of(name):
        """(my tasks, my queue, the number the badges show): each badge counts what its page lists."""
        client = as_user(name)
        mine, queued = steps(client, "/plans/tasks/"), steps(client, "/plans/tasks/queue/")
        assert badge(client) == (len(mine), len(queued)), name
        return mine, queued, len(mine) + len(queued)

    plan = perform(plan, "submit", u["drafter"])
    assert desk_of("reviewer") == (["review"], [], 1)
    assert desk_of("reviewer2") == (["review"], [], 1)
    for name in ("drafter", "signer", "clerk", "auditor"):
        assert desk_of(name) == ([], [], 0), name

    plan = perform(plan, "return_for_revision", u["reviewer"], comment="Bổ sung.")
    assert desk_of("drafter") == (["revise"], [], 1)
    assert desk_of("reviewer") == ([], [], 0) and desk_of("reviewer2") == ([], [], 0)
    assert steps(as_user("reviewer"), "/plans/tasks/done/") == ["review"]
    assert steps(as_user("reviewer2"), "/plans/tasks/done/") == []  # cancelled, not done by them

    plan = perform(plan, "submit", u["drafter"])
    plan = perform(plan, "approve", u["reviewer"])
    assert desk_of("reviewer") == ([], [], 0) and desk_of("reviewer2") == (["review"], [], 1)
    plan = perform(plan, "approve", u["reviewer2"])
    assert desk_of("signer") == (["sign"], [], 1)
    plan = perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    assert desk_of("signer") == ([], [], 0)
    assert desk_of("clerk") == ([], ["issue"], 1) and desk_of("clerk2") == ([], ["issue"], 1)
    assert desk_of("auditor") == ([], [], 0)
    assert "Bạn không có việc nào đang chờ." in as_user("auditor").get("/plans/tasks/").content.decode()


def test_menu_entries_lead_to_the_desk(as_user):
    html = as_user("reviewer").get("/plans/").content.decode()
    for url, label in (("/plans/tasks/", "Việc cần làm"), ("/plans/tasks/queue/", "Hàng chờ"), ("/plans/tasks/done/", "Đã xử lý")):
        assert f'href="{url}"' in html and label in html


def test_opening_a_task_takes_its_owner_where_the_step_is_done(as_user, desk, make_plan):
    u = desk["users"]
    plan = perform(make_plan(), "submit", u["drafter"])
    review = human_tasks().get(owner=u["reviewer"], status=STATUS.ASSIGNED)
    response = as_user("reviewer").get(f"/plans/tasks/{review.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"

    plan = perform(plan, "return_for_revision", u["reviewer"], comment="Bổ sung.")
    revise = human_tasks().get(owner=u["drafter"], status=STATUS.ASSIGNED)
    assert as_user("drafter").get(f"/plans/tasks/{revise.pk}/")["Location"] == f"/plans/{plan.pk}/edit/"

    plan = perform(perform(plan, "submit", u["drafter"]), "approve", u["reviewer"])
    sign = human_tasks().get(owner=u["signer"], status=STATUS.ASSIGNED)
    assert as_user("signer").get(f"/plans/tasks/{sign.pk}/")["Location"] == f"/plans/{plan.pk}/actions/sign/"


def test_a_clerk_takes_the_issue_task_from_the_queue_and_issues(as_user, desk, make_plan):
    u = desk["users"]
    plan = perform(
        perform(perform(make_plan(), "submit", u["drafter"]), "approve", u["reviewer"]), "sign", u["signer"], kind="main", password=PASSWORD
    )
    issue = human_tasks().get(flow_task_type="HUMAN", status=STATUS.NEW)
    clerk = as_user("clerk")
    # Opening a queued task asks to take it first.
    response = clerk.get(f"/plans/tasks/{issue.pk}/", follow=True)
    assert "Nhận việc" in response.content.decode() and response.redirect_chain[-1][0] == "/plans/tasks/queue/"

    response = clerk.post(f"/plans/tasks/{issue.pk}/take/")
    assert response["Location"] == f"/plans/{plan.pk}/actions/issue/"
    assert (steps(clerk, "/plans/tasks/"), steps(clerk, "/plans/tasks/queue/")) == (["issue"], [])
    assert steps(as_user("clerk2"), "/plans/tasks/queue/") == []  # taken: gone from the other clerk's queue

    page = as_user("clerk").post(f"/plans/{plan.pk}/actions/issue/", {}, follow=True)
    assert "Đã ban hành kế hoạch" in page.content.decode()
    assert steps(clerk, "/plans/tasks/") == [] and steps(clerk, "/plans/tasks/done/") == ["issue"]


def test_a_task_someone_else_completed_gives_a_message_and_changes_nothing(as_user, desk, make_plan):
    u = desk["users"]
    plan = perform(
        perform(perform(make_plan(), "submit", u["drafter"]), "approve", u["reviewer"]), "sign", u["signer"], kind="main", password=PASSWORD
    )
    issue = human_tasks().get(status=STATUS.NEW)
    assert as_user("clerk2").post(f"/plans/tasks/{issue.pk}/take/").status_code == 302

    # clerk still had the queue open: taking the task now is refused, with who took it.
    before = list(human_tasks().values_list("pk", "status", "owner_id"))
    page = as_user("clerk").post(f"/plans/tasks/{issue.pk}/take/", follow=True)
    assert "Việc này đã được Văn Thư Hai nhận; không có gì thay đổi." in page.content.decode()
    assert list(human_tasks().values_list("pk", "status", "owner_id")) == before

    perform(plan, "issue", u["clerk2"])
    before = list(human_tasks().values_list("pk", "status", "owner_id"))
    for attempt in (
        lambda c: c.get(f"/plans/tasks/{issue.pk}/", follow=True),
        lambda c: c.post(f"/plans/tasks/{issue.pk}/take/", follow=True),
    ):
        page = attempt(as_user("clerk"))
        html = page.content.decode()
        assert "Việc này đã được Văn Thư Hai xử lý lúc" in html and "không có gì thay đổi" in html
    assert list(human_tasks().values_list("pk", "status", "owner_id")) == before
    assert "Bạn đã xử lý việc này rồi." in as_user("clerk2").get(f"/plans/tasks/{issue.pk}/", follow=True).content.decode()


def test_a_review_task_closed_by_the_other_reviewers_return(as_user, desk, make_plan):
    u = desk["users"]
    plan = perform(make_plan(reviewers=[u["reviewer"], u["reviewer2"]]), "submit", u["drafter"])
    task = human_tasks().get(owner=u["reviewer2"], status=STATUS.ASSIGNED)
    perform(plan, "return_for_revision", u["reviewer"], comment="Bổ sung.")
    html = as_user("reviewer2").get(f"/plans/tasks/{task.pk}/", follow=True).content.decode()
    assert "Việc này không còn cần xử lý" in html
    # Approving from an old confirmation page is refused by the service; nothing changes.
    before = list(human_tasks().values_list("pk", "status", "owner_id"))
    html = as_user("reviewer2").post(f"/plans/{plan.pk}/actions/approve/", {}, follow=True).content.decode()
    assert "Không thể “Đồng ý, trình ký” khi kế hoạch đang ở trạng thái “Dự thảo”." in html
    assert list(human_tasks().values_list("pk", "status", "owner_id")) == before


def test_tasks_of_others_and_unknown_tasks_are_not_opened(as_user, desk, make_plan):
    u = desk["users"]
    perform(make_plan(), "submit", u["drafter"])
    task = human_tasks().get(status=STATUS.ASSIGNED)
    html = as_user("reviewer2").get(f"/plans/tasks/{task.pk}/", follow=True).content.decode()
    assert "Việc này đã được Phạm Thẩm Định nhận" in html
    # another authority's task is not there for it, like an unknown one: 404, opened or taken
    assert as_user("xa_drafter").get(f"/plans/tasks/{task.pk}/").status_code == 404
    assert as_user("xa_drafter").post(f"/plans/tasks/{task.pk}/take/").status_code == 404
    assert as_user("reviewer").get("/plans/tasks/999999/").status_code == 404
    assert as_user("clerk").post(f"/plans/tasks/{task.pk}/take/", follow=True).status_code == 200
    assert human_tasks().get(pk=task.pk).owner == u["reviewer"]
    assert as_user("clerk").get(f"/plans/tasks/{task.pk}/take/").status_code == 405


def test_the_plan_page_shows_who_acted_and_who_must_act(as_user, desk, make_plan):
    u = desk["users"]
    plan = make_plan(reviewers=[u["reviewer"], u["reviewer2"]])
    assert "data-approval-round" not in as_user("drafter").get(f"/plans/{plan.pk}/").content.decode()
    plan = perform(plan, "submit", u["drafter"])
    plan = perform(plan, "approve", u["reviewer"], comment="Đồng ý")
    html = as_user("drafter").get(f"/plans/{plan.pk}/").content.decode()
    waiting = html.split("data-waiting", 1)[1].split("</ul>", 1)[0]
    done = html.split("data-done", 1)[1].split("</ul>", 1)[0]
    assert "Hoàng Văn Xét" in waiting and "Phạm Thẩm Định" not in waiting
    assert "Phạm Thẩm Định — Đồng ý, trình ký" in done
    plan = perform(plan, "approve", u["reviewer2"])
    plan = perform(plan, "sign", u["signer"], kind="main", password=PASSWORD)
    html = as_user("clerk").get(f"/plans/{plan.pk}/").content.decode()
    assert "văn thư của cơ quan (hàng chờ)" in html


def _submitted_plans(desk, make_plan, count):
    u = desk["users"]
    return [perform(make_plan(subject=f"Kế hoạch số {i}"), "submit", u["drafter"]) for i in range(count)]


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_desk_query_counts_do_not_grow_with_the_number_of_tasks(as_user, desk, make_plan):
    """Inbox and archive with 5 rows, then with 30 (a full page of 20): the same number of queries."""
    u = desk["users"]

    def measure():
        return (
            _queries(as_user("reviewer"), "/plans/tasks/"),
            _queries(as_user("reviewer"), "/plans/tasks/done/"),
            _queries(as_user("signer"), "/plans/tasks/"),
        )

    first = _submitted_plans(desk, make_plan, 5)
    reviewer_inbox_few = _queries(as_user("reviewer"), "/plans/tasks/")
    for plan in first:
        perform(plan, "approve", u["reviewer"])
    _submitted_plans(desk, make_plan, 5)
    few = measure()  # reviewer: 5 to review, 5 done; signer: 5 to sign

    for plan in _submitted_plans(desk, make_plan, 25):
        perform(plan, "approve", u["reviewer"])
    second = _submitted_plans(desk, make_plan, 25)
    assert len(rows(as_user("reviewer"), "/plans/tasks/done/")) == 20  # 30 done: a full page
    assert measure() == few  # reviewer: 30 to review, 30 done; signer: 30 to sign
    assert len(second) + 5 == 30 and reviewer_inbox_few == few[0]


def test_queue_query_count_does_not_grow(as_user, desk, make_plan):
    u = desk["users"]

    def queued(count):
        for plan in _submitted_plans(desk, make_plan, count):
            perform(perform(plan, "approve", u["reviewer"]), "sign", u["signer"], kind="main", password=PASSWORD)

    queued(2)
    few = _queries(as_user("clerk"), "/plans/tasks/queue/")
    queued(23)
    assert len(rows(as_user("clerk"), "/plans/tasks/queue/")) == 20
    assert _queries(as_user("clerk"), "/plans/tasks/queue/") == few


def test_the_badge_costs_two_queries(desk, make_plan):
    """One for everything I must do (the UNION of the inbox's sources), one for the queue."""
    from accounts.roles import memberships
    from tests.workflow.flow_helpers import fresh
    from workflow.inbox import open_task_counts

    u = desk["users"]
    for plan in _submitted_plans(desk, make_plan, 3):
        perform(perform(plan, "approve", u["reviewer"]), "sign", u["signer"], kind="main", password=PASSWORD)
    clerk = fresh(u["clerk"])
    memberships(clerk)  # the page's menu has loaded them already
    with CaptureQueriesContext(connection) as captured:
        assert open_task_counts(clerk) == (0, 3)
    assert len(captured) == 2


def test_the_reason_of_a_return_is_in_the_drafters_row_and_on_top_of_the_plan(as_user, desk, make_plan):
    u = desk["users"]
    plan = perform(make_plan(), "submit", u["drafter"])
    perform(plan, "return_for_revision", u["reviewer"], comment="Bổ sung đơn vị phối hợp cho nhiệm vụ 1.")
    client = as_user("drafter")
    inbox = client.get("/plans/tasks/").content.decode()
    row = inbox[inbox.index('data-step="revise"') :]
    row = row[: row.index("</tr>")]
    reviewer = u["reviewer"].get_full_name()
    assert f"Trả lại để sửa — {reviewer}: Bổ sung đơn vị phối hợp cho nhiệm vụ 1." in row
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    top = page[: page.index('class="pf-layout"')]  # above the document, under the tabs
    assert "data-return-reason" in top and f"Trả lại để sửa — {reviewer}," in top
    assert "Bổ sung đơn vị phối hợp cho nhiệm vụ 1." in top
    # once submitted again, the reason leaves the top of the page (it stays under "Các vòng thẩm định")
    perform(plan, "submit", u["drafter"])
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert "data-return-reason" not in page and "Bổ sung đơn vị phối hợp cho nhiệm vụ 1." in page


def test_return_reasons_in_the_inbox_cost_one_query_for_the_page(as_user, desk):
    from plans.services import create_plan
    from tests.conftest import plan_data

    u = desk["users"]

    def returned(count):
        for i in range(count):
            plan = create_plan(u["drafter"], desk["district"], plan_data(desk, subject=f"Kế hoạch trả lại {i}"))
            perform(perform(plan, "submit", u["drafter"]), "return_for_revision", u["reviewer"], comment=f"Lý do {i}.")

    returned(2)
    few = _queries(as_user("drafter"), "/plans/tasks/")
    returned(6)
    assert len(rows(as_user("drafter"), "/plans/tasks/")) == 8
    assert _queries(as_user("drafter"), "/plans/tasks/") == few
