"""SQLite, the default database, under concurrent use (issue 13, point 8): gunicorn with three worker
processes of four threads over one SQLite file (tests/hardening/sqlite_server.py).

Sixteen clerks' requests to issue twelve plans arrive at once — four plans twice. Writers wait for
the lock (busy timeout, BEGIN IMMEDIATE) instead of failing with "database is locked" (a 503): every
answer is 200 (the plan issued) or 409 (the other request for that plan won), and the twelve plans
get the numbers 1..12, no gap, no repeat.
"""

import threading

from tests.hardening.sqlite_server import PLANS_TO_ISSUE, sqlite_server  # noqa: F401 - the fixture

REQUESTS = 16


def test_sixteen_concurrent_issues_answer_only_200_or_409_with_gap_free_numbers(sqlite_server):  # noqa: F811
    server = sqlite_server
    plans = server.data["plans"]
    assert len(plans) == PLANS_TO_ISSUE
    targets = plans + plans[: REQUESTS - len(plans)]  # four plans are asked twice
    token = server.data["tokens"]["clerk"]
    barrier = threading.Barrier(REQUESTS)
    answers = [None] * REQUESTS

    def issue(i):
        barrier.wait()
        answers[i] = server.request("POST", f"/api/plans/{targets[i]}/actions/issue/", {}, token=token)

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    assert all(answer is not None for answer in answers), "a request never came back"

    statuses = sorted(status for status, _headers, _body in answers)
    assert set(statuses) <= {200, 409}, [(s, b) for s, _h, b in answers if s not in (200, 409)]
    won = [body for status, _headers, body in answers if status == 200]
    lost = [body for status, _headers, body in answers if status == 409]
    assert len(won) == PLANS_TO_ISSUE and len(lost) == REQUESTS - PLANS_TO_ISSUE
    assert all(body["code"] == "wrong_state" for body in lost)
    assert sorted(body["number"] for body in won) == list(range(1, PLANS_TO_ISSUE + 1))
    assert sorted(body["id"] for body in won) == sorted(plans)

    # What is stored says the same.
    stored = [server.request("GET", f"/api/plans/{pk}/", token=token)[2] for pk in plans]
    assert sorted(plan["number"] for plan in stored) == list(range(1, PLANS_TO_ISSUE + 1))
    assert {plan["state"] for plan in stored} == {"issued"}
