"""Who may see and do what: ONE row per URL pattern of the site (UI, API, admin).

Key: the pattern's route as the resolver prints it (e.g. "plans/<int:pk>/edit/").
Row(fill, get, write):
  fill   which demo object fills the path parameters: "plan", "slot", "attachment", "comment",
         "task" (a review task), "imported_plan", "pending" (an upload waiting for its review), or
         None (no object). Rows with an object are also walked with
         another organization's object / user: that must answer 404, whatever the method.
  get    the status a GET gets, by role: {role: status}, "*" for every role not named;
         "anon" is the visitor who is not logged in.
  write  None: a read-only address, POST/PUT/PATCH/DELETE get 405 (302 to the login page for anon).
         Otherwise {role: statuses}: what an empty POST gets. Everyone not named must be refused
         (403/404, or 302 back with a message in the UI) — never a 2xx, never a 500.

Adding a URL: add its row here (the walk fails naming every pattern that has none).
Roles: drafter reviewer signer clerk reporter auditor admin (district), outsider (the commune's drafter).

Who sees a plan: "plan" is the district's draft, so the reporter (an implementing unit) gets 404
there — a unit sees a plan from its issue on (plans.selectors.visible_plans); "slot_plan",
"plan_query" and the slots are issued plans, which it sees.
"""

from dataclasses import dataclass, field

UI_LOGIN = 302  # the web UI sends a visitor who is not logged in to the login page
API_ANON = 401


@dataclass(frozen=True)
class Row:
    fill: str | None
    get: dict = field(default_factory=dict)
    write: dict | None = None


UNSEEN = {"reporter": 404}  # the draft ("plan"): not there for an implementing unit before the issue


def ui_page(fill=None, **get):
    """A read-only page every member of the authority may read (a draft: not the units)."""
    return Row(fill, {"*": 200, "anon": UI_LOGIN, **(UNSEEN if fill == "plan" else {}), **get})


def api_read(fill=None, **get):
    return Row(fill, {"*": 200, "anon": API_ANON, **(UNSEEN if fill == "plan" else {}), **get})


API_REFUSED = {403, 404}
UI_FORM_REFUSED = {302, 403, 404}  # refused in the UI: a 403 page, or back to the plan with a message
ADMIN = Row(None, {"*": 302}, write={"*": {302}})  # no demo user is staff: the admin login page for all

ACCESS = {
    # --- sign in, language, documentation ---
    "accounts/login/": Row(None, {"*": 302, "anon": 200}, write={"*": {200, 302}, "anon": {200}}),
    "accounts/logout/": Row(None, {"*": 405, "anon": 405}, write={"*": {302}, "anon": {302}}),
    "i18n/setlang/": Row(None, {"*": 302, "anon": 302}, write={"*": {302}, "anon": {302}}),
    "admin/login/": Row(None, {"*": 200, "anon": 200}, write={"*": {200, 302}, "anon": {200}}),
    "api/schema/": Row(None, {"*": 200, "anon": 200}),
    "api/docs/": Row(None, {"*": 200, "anon": 200}),
    "pki/crl/<str:purpose>.crl": Row(None, {"*": 200, "anon": 200}),  # the internal CA's CRL: public, like any CRL
    "": Row(None, {"*": 302, "anon": 302}, write={"*": {302}, "anon": {302}}),  # viewflow's index: on to /plans/
    # --- plans (UI) ---
    "plans/": ui_page(),
    "plans/new/": Row(None, {"*": 403, "drafter": 200, "outsider": 200, "anon": UI_LOGIN}, write={"drafter": {200}, "outsider": {200}}),
    "plans/export.xlsx": ui_page(),
    "plans/<int:pk>/": ui_page("plan"),
    "plans/<int:pk>/edit/": Row("plan", {"*": UI_FORM_REFUSED, "drafter": 200, "anon": UI_LOGIN}, write={"drafter": {200, 302}}),
    "plans/<int:pk>/successor/": Row("plan", {"*": 405, "anon": UI_LOGIN}, write={"drafter": {302}}),  # a draft: refused, back to it
    # importing a plan (planimport): the upload page for drafters; an upload's review for its owner only
    "plans/import/": Row(None, {"*": 403, "drafter": 200, "outsider": 200, "anon": UI_LOGIN}, write={"drafter": {422}, "outsider": {422}}),
    "plans/import/<int:pk>/": Row("pending", {"*": 404, "drafter": 200, "anon": UI_LOGIN}, write={"drafter": {422}}),
    "plans/<int:pk>/source/": ui_page("imported_plan", reporter=404),  # the imported draft's source file, a download
    # --- signing grants (UI): the signers of the body; everyone else 403 ---
    "plans/delegations/": Row(None, {"*": 403, "signer": 200, "anon": UI_LOGIN}, write={"signer": {422}}),  # a signer: empty form
    "plans/delegations/<int:pk>/revoke/": Row("delegation", {"*": 404, "signer": 200, "anon": UI_LOGIN}, write={"signer": {302}}),
    "plans/<int:pk>/history/": ui_page("plan"),
    # the audit pages: every member who may see the plan may read them (the auditor above all)
    "plans/<int:pk>/history/as-of/": ui_page("plan"),
    "plans/<int:pk>/history/compare/": ui_page("plan"),
    # "Kiểm tra lại ngay": whoever may see the verify page may have it verify again (it writes only the stored result)
    "plans/<int:pk>/verify/": Row("plan", ui_page("plan").get, write={"*": {302}, **{role: {404} for role in UNSEEN}}),
    "plans/<int:pk>/audit-bundle.json": ui_page("plan"),
    "plans/<int:pk>/actions/<slug:action>/": Row(
        "plan", {"*": UI_FORM_REFUSED, "drafter": 200, "anon": UI_LOGIN}, write={"drafter": {200, 302}}
    ),
    "plans/<int:pk>/comments/": Row("plan", {"*": 405, "anon": UI_LOGIN}, write={"reviewer": {302}, "drafter": {302}}),
    "plans/<int:pk>/comments/<int:comment_id>/reply/": Row(
        "comment", {"*": 405, "anon": UI_LOGIN}, write={"drafter": {302}, "reviewer": {302}}
    ),
    "plans/<int:pk>/comments/<int:comment_id>/resolve/": Row("comment", {"*": 405, "anon": UI_LOGIN}, write={"drafter": {302}}),
    # --- reporting (UI) ---
    "plans/<int:pk>/reports/": ui_page("plan"),
    "plans/<int:pk>/dashboard/": ui_page("plan"),
    "plans/<int:pk>/consolidated.<str:fmt>": ui_page("slot_plan"),
    "plans/<int:pk>/slots.xlsx": ui_page("slot_plan"),
    "plans/slots/<int:pk>/": ui_page("slot"),
    "plans/slots/<int:pk>/report/": Row(
        "slot", {"*": UI_FORM_REFUSED, "reporter": {200, 302}, "anon": UI_LOGIN}, write={"reporter": {200, 302}, "*": UI_FORM_REFUSED}
    ),
    "plans/slots/<int:pk>/review/<slug:decision>/": Row(
        "slot",
        {"*": UI_FORM_REFUSED, "drafter": 200, "signer": {200, 302}, "anon": UI_LOGIN},
        write={"drafter": {200, 302}, "signer": {200, 302}},
    ),
    "plans/attachments/<int:pk>/": ui_page("attachment"),
    "plans/reporting/": ui_page(),
    "plans/reporting/slots.xlsx": ui_page(),
    # --- the outgoing register (UI): the issuing body's people; a unit keeps none ---
    "plans/register/": ui_page(reporter=403),
    "plans/register/export.xlsx": ui_page(reporter=403),
    "plans/register/export.pdf": ui_page(reporter=403),
    # --- received plans (Văn bản đến): a list of one's own; the draft was sent to no one: refused ---
    "plans/received/": ui_page(),
    "plans/<int:pk>/acknowledge/": Row("plan", {"*": 405, "anon": UI_LOGIN}, write={}),
    # --- the approval desk (UI) ---
    "plans/tasks/": ui_page(),
    "plans/tasks/queue/": ui_page(),
    "plans/tasks/done/": ui_page(),
    # a link: on to the step, the plan or the queue (the task is a review's: its plan is unseen by a unit)
    "plans/tasks/<int:task_pk>/": ui_page("task", **{"*": 302, **UNSEEN}),
    "plans/tasks/<int:task_pk>/take/": Row("task", {"*": 405, "anon": UI_LOGIN}, write={"reviewer": {302}}),
    # --- the API (docs/API.md) ---
    "api/auth/token/": Row(None, {"*": 405, "anon": 405}, write={"*": {400}, "anon": {400}}),
    "api/me/": api_read(),
    "api/organizations/": api_read(),
    "api/users/": api_read(),
    "api/plans/": Row(None, {"*": 200, "anon": API_ANON}, write={"drafter": {400}, "outsider": {400}}),
    "api/plans/<int:pk>/": api_read("plan"),
    "api/plans/<int:pk>/successor/": Row("plan", {"*": 405, "anon": API_ANON}, write={"drafter": {400}}),  # no relation given
    "api/plans/import/": Row(None, {"*": 405, "anon": API_ANON}, write={"drafter": {415}, "outsider": {415}}),  # multipart only
    "api/plans/<int:pk>/actions/": api_read("plan"),
    "api/plans/<int:pk>/actions/<str:name>/": Row("plan", {"*": 405, "anon": API_ANON}, write={"reviewer": {409}}),  # approve a draft
    # signing on the signer's own device: only the plan's signer, only in signing (the draft: 409)
    "api/plans/<int:pk>/sign/prepare/": Row("plan", {"*": 405, "anon": API_ANON}, write={"signer": {409}}),
    "api/plans/<int:pk>/sign/complete/": Row("plan", {"*": 405, "anon": API_ANON}, write={"signer": {409}}),
    "api/plans/<int:pk>/history/": api_read("plan"),
    "api/plans/<int:pk>/slots/": api_read("slot_plan"),
    "api/slots/<int:pk>/reports/": Row("slot", {"*": 200, "anon": API_ANON}, write={"reporter": {400}, "*": API_REFUSED}),
    "api/slots/<int:pk>/review/": Row("slot", {"*": 405, "anon": API_ANON}, write={"drafter": {400}, "signer": {400}, "*": API_REFUSED}),
    "api/attachments/<int:pk>/": api_read("attachment"),
    "api/plans/<int:pk>/comments/": Row(
        "plan", {"*": 200, "anon": API_ANON, **UNSEEN}, write={"reviewer": {400}, "signer": {400}, "*": API_REFUSED}
    ),
    "api/comments/<int:pk>/replies/": Row(
        "comment_api", {"*": 405, "anon": API_ANON}, write={"drafter": {400}, "reviewer": {400}, "signer": {400}, "*": API_REFUSED}
    ),
    "api/comments/<int:pk>/resolve/": Row("comment_api", {"*": 405, "anon": API_ANON}, write={"drafter": {200, 409}}),
    "api/plans/<int:pk>/document.pdf": api_read("plan"),
    "api/plans/<int:pk>/document.docx": api_read("plan"),
    "api/plans/<int:pk>/verify/": api_read("plan"),
    "api/register/": api_read(reporter=403),
    "api/register/export.xlsx": api_read(reporter=403),
    "api/register/export.pdf": api_read(reporter=403),
    "api/received/": api_read(),
    "api/inbox/": api_read(),  # everyone's own: what they must do
    "api/delegations/": Row(None, {"*": 200, "anon": API_ANON}, write={"signer": {400}}),  # a signer: empty body
    "api/delegations/<int:pk>/revoke/": Row("delegation", {"*": 405, "anon": API_ANON}, write={"signer": {200}}),
    "api/plans/<int:pk>/acknowledge/": Row("plan", {"*": 405, "anon": API_ANON}, write={}),
    "api/audit/export/": Row("plan_query", {"*": 200, "anon": API_ANON}),  # any member who sees the plan (question in the report)
    "api/^(?P<rest>.*)$": Row(None, {"*": 404, "anon": 404}, write={"*": {404}, "anon": {404}}),
}
