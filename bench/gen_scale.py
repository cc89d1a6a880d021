"""A province's worth of plans for benchmarks: `python bench/gen_scale.py --plans 10000`.

FOR BENCHMARKS ONLY. It builds ~100 authorities (communes and districts, each with two units and a
drafter, reviewer, signer, clerk and reporter), then:

- a sample of plans through the real services (plans.services.create_plan and
  workflow.services.perform), one per state from draft to reporting for the first organizations;
- the rest through a *bulk path* that this command alone may use (the design rules forbid
  bulk_create on history-tracked models everywhere in the application; on PostgreSQL it writes with
  COPY, `copy_rows`): plans in every state with
  a reviewer, a legal basis, a section, a target, a task, a budget line and a recipient, and the body
  (blocks, a task block's parties) that the services made for the same content in the sample; report
  slots for plans in reporting/closed; the guardian grants; one historical row per part and one
  per state the plan went through; and an audit chain per plan whose events cover those rows,
  hashed with audit.record.chain's own functions, so audit.verify.trail finds the chains and rows intact.

Issued (reporting, closed) bulk plans carry a real main signature of their signer and the
organization's seal, made with the installation's keys over their content
(approvals.signing.signature_record) and covered by their `issue` event, so `audit_verify` accepts
the whole province and spends on it the time it would on real plans.

What the bulk path leaves out (so the data is realistic in volume, not in every detail): review
decisions, sealed PDFs, report submissions and the viewflow approval tasks (the inbox holds the
sample's tasks only). It expects an empty database (bench/run.py makes one). It is a script of the
benchmarks, not a command of the shipped apps: tests/test_gen_scale.py runs `generate` directly.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

if __name__ == "__main__":  # run as a script: Django must be ready before the models are imported
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import Permission  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Membership, Organization, Role  # noqa: E402
from approvals.keys import get_keystore  # noqa: E402
from approvals.models import Signature  # noqa: E402
from approvals.signing import main_signature_fields, signature_record  # noqa: E402
from audit.models import AuditEvent  # noqa: E402
from audit.record.canonical import GENESIS  # noqa: E402
from audit.record.chain import event_hash  # noqa: E402
from audit.record.rows import instance_digest, label  # noqa: E402
from plans.content import plan_content  # noqa: E402
from plans.models import (  # noqa: E402
    Block,
    BlockKind,
    BudgetLine,
    IssueCounter,
    LegalBasis,
    Plan,
    PlanReviewer,
    PlanSearch,
    PlanUserObjectPermission,
    Recipient,
    Section,
    Target,
    Task,
    TaskParty,
)
from plans.search import plan_search_text  # noqa: E402
from plans.selectors import with_parts  # noqa: E402
from reporting.models import ReportSlot  # noqa: E402

PASSWORD = "bench-password-123"
# The states a plan passes through, and the action that took it there.
PATH = [
    ("draft", "create"),
    ("review", "submit"),
    ("signing", "approve"),
    ("issued", "issue"),
    ("reporting", "start_reporting"),
    ("closed", "close"),
]
STATES = [state for state, _action in PATH]
INBOX_SLOTS = 1000
ROLES = [("drafter", Role.DRAFTER), ("reviewer", Role.REVIEWER), ("signer", Role.SIGNER), ("clerk", Role.CLERK)]


class Province:
    """Generate a province of plans for benchmarks (bulk writes: benchmarks only, never in app code)."""

    def __init__(self, out=sys.stdout):
        self.out = out

    def say(self, line):
        self.out.write(line + "\n")

    def generate(self, plans=10_000, organizations=100, batch=1000, sample=3):
        started = time.perf_counter()
        random.seed(7)
        orgs = self.make_organizations(organizations)
        made = self.sample_through_services(orgs[:sample])
        self.body = self.body_of_sample(orgs[0]) if sample else []
        self.say(f"{made} sample plans through the services ({time.perf_counter() - started:.0f} s)")
        self.perms = {
            p.codename: p
            for p in Permission.objects.filter(content_type__app_label="plans", codename__in=["draft_plan", "review_plan", "sign_plan"])
        }
        year = timezone.localdate().year
        counters = {c.organization_id: c for c in IssueCounter.objects.filter(doc_type=Plan.DOC_TYPE, year=year)}
        self.numbers = {org_id: c.last_number for org_id, c in counters.items()}  # go on after the sample's numbers
        # issue 18's inbox case: the unit of bench org 1's reporter holds ≥ INBOX_SLOTS open slots, due or
        # overdue, spread over that organization's plans in reporting (bench/run.py measures its inbox)
        self.organization_count = len(orgs)
        reporting_plans = max(1, plans // max(organizations, 1) // len(STATES))
        self.inbox_org = orgs[1] if len(orgs) > 1 else None
        self.inbox_slots_per_plan = -(-INBOX_SLOTS // reporting_plans)
        remaining, index = max(plans - made, 0), 0
        while remaining > 0:
            count = min(batch, remaining)
            with transaction.atomic():
                self.bulk_plans([orgs[(index + i) % len(orgs)] for i in range(count)], index)
            index += count
            remaining -= count
            self.say(f"{index + made} plans ({time.perf_counter() - started:.0f} s)")
        for org_id, last in self.numbers.items():  # the next issue through the service goes on from here
            counter = counters.get(org_id) or IssueCounter(organization_id=org_id, doc_type=Plan.DOC_TYPE, year=year)
            counter.last_number = last
            counter.save()
        self.say(f"done: {Plan.objects.count()} plans in {time.perf_counter() - started:.0f} s")

    # --- organizations and people -----------------------------------------------------------

    def make_organizations(self, count):
        User = get_user_model()
        password = make_password(PASSWORD)  # hashed once: every bench user shares it
        province = Organization.objects.create(name="UBND tỉnh Bench", code="UBND", place_name="Bench")
        orgs = []
        for i in range(count):
            kind = "huyện" if i % 10 == 0 else "xã"
            org = Organization.objects.create(
                name=f"UBND {kind} Bench {i}", code="UBND", place_name=f"Bench {i}", parent=province, collective_title="ỦY BAN NHÂN DÂN"
            )
            org.units = [Organization.objects.create(name=f"Đơn vị {j} – {org.name}", kind="unit", parent=org) for j in range(2)]
            orgs.append(org)
        users = User.objects.bulk_create(
            [
                User(username=f"b{i}_{name}", password=password, first_name="Bench", last_name=f"{name} {i}")
                for i in range(count)
                for name, _r in ROLES
            ]
            + [User(username=f"b{i}_reporter", password=password, first_name="Bench", last_name=f"reporter {i}") for i in range(count)]
        )
        by_name = {u.username: u for u in users}
        memberships = []
        for i, org in enumerate(orgs):
            org.people = {name: by_name[f"b{i}_{name}"] for name, _r in ROLES}
            org.people["reporter"] = by_name[f"b{i}_reporter"]
            memberships += [Membership(user=org.people[name], organization=org, role=role) for name, role in ROLES]
            memberships.append(Membership(user=org.people["reporter"], organization=org.units[0], role=Role.REPORTER))
        Membership.objects.bulk_create(memberships)
        return orgs

    # --- the sample: the real services ------------------------------------------------------

    def sample_through_services(self, orgs):
        from plans.services import create_plan
        from workflow.services import perform

        made = 0
        for org in orgs:
            p = org.people
            for target_state in STATES[:5]:
                plan = create_plan(p["drafter"], org, self.content(org, f"Kế hoạch mẫu {target_state}", p))
                steps = [
                    ("submit", p["drafter"], {}),
                    ("approve", p["reviewer"], {}),
                    ("sign", p["signer"], {"kind": "main", "password": PASSWORD}),
                ]
                steps += [("issue", p["clerk"], {}), ("start_reporting", p["clerk"], {})]
                for action, user, extra in steps:
                    if plan.state == target_state:
                        break
                    plan = perform(plan, action, user, **extra)
                made += 1
        return made

    def content(self, org, subject, people):
        return {
            "subject": subject,
            "preamble": f"{org.name} ban hành Kế hoạch, cụ thể như sau:",
            "signing_authority": "KT.",
            "signer": people["signer"],
            "reviewers": [people["reviewer"]],
            "legal_bases": [{"text": "Căn cứ Luật Tổ chức chính quyền địa phương;"}],
            "sections": [{"heading": "I. MỤC ĐÍCH, YÊU CẦU", "body": "Tổ chức thực hiện hiệu quả."}],
            "targets": [{"text": "Tỷ lệ hoàn thành", "unit": "%", "target_value": Decimal("100"), "baseline": None}],
            "tasks": [{"text": "Chủ trì triển khai.", "lead_unit": org.units[0], "schedule_kind": "monthly", "schedule_day": 15}],
            "budget_lines": [{"item": "Hỗ trợ", "unit_cost": 5_000_000, "quantity": 10, "source": "Ngân sách"}],
            "recipients": [{"name": "Lưu: VT", "purpose": "lưu"}],
        }

    @staticmethod
    def body_of_sample(org):
        """The blocks (and a task block's parties) that plans.services made for `content`, read off the
        sample's first plan: the bulk plans get the same body, so their pages and the block table are
        as large as real plans' ([(block field values, [party field values])])."""
        plan = Plan.objects.filter(organization=org).order_by("pk").first()
        skip = {"id", "plan_id", "target_id", "task_id"}
        body = []
        for block in Block.objects.filter(plan=plan).prefetch_related("parties").order_by("position"):
            values = {f.attname: getattr(block, f.attname) for f in Block._meta.concrete_fields if f.attname not in skip}
            parties = []
            units = [unit.pk for unit in org.units]
            for party in block.parties.all():
                party_values = {
                    f.attname: getattr(party, f.attname) for f in TaskParty._meta.concrete_fields if f.attname not in {"id", "block_id"}
                }
                # a unit of the sample's organization: the same unit of the bulk plan's organization
                unit_index = units.index(party.organization_id) if party.organization_id in units else None
                parties.append((party_values, unit_index))
            body.append((values, parties))
        return body

    def bulk_bodies(self, plans, targets, tasks):
        """Each plan's blocks as the sample's (body_of_sample), linked to its own Target and Task rows,
        its section's paragraph text as its section (section_body), parties on its own units."""
        blocks, parties = [], []
        for plan, target, task in zip(plans, targets, tasks, strict=True):
            for values, block_parties in self.body:
                block = Block(**values, plan=plan)
                if block.kind == BlockKind.TARGET:
                    block.target = target
                elif block.kind == BlockKind.TASK:
                    block.task = task
                elif block.kind == BlockKind.PARAGRAPH:
                    block.text = self.section_body(plan)
                blocks.append(block)
                for party_values, unit_index in block_parties:
                    party = TaskParty(**party_values, block=block)
                    if unit_index is not None:
                        party.organization_id = plan.organization.units[unit_index].pk
                    parties.append(party)
        copy_rows(Block, blocks)
        for party in parties:
            party.block_id = party.block.pk  # known once the blocks are written (as Django's save would set it)
        copy_rows(TaskParty, parties)
        return blocks, parties

    # --- the bulk path (benchmarks only) ----------------------------------------------------

    @staticmethod
    def section_body(plan):
        """One plan in 500 carries words found only in its body (the search bench's "giu gin ban sac")."""
        if plan.words_in_body:
            return "Tổ chức thực hiện hiệu quả, giữ gìn bản sắc văn hóa."
        return "Tổ chức thực hiện hiệu quả."

    def body_words(self, plan):
        return " ".join(("I. MỤC ĐÍCH, YÊU CẦU", self.section_body(plan), "Tỷ lệ hoàn thành", "Chủ trì triển khai."))

    def bulk_plans(self, orgs, offset):
        now = timezone.now()
        year = timezone.localdate().year
        plans = []
        for i, org in enumerate(orgs):
            n = offset + i
            state = STATES[(n + n // self.organization_count) % len(STATES)]  # every organization gets every state
            plan = Plan(
                organization=org,
                subject=f"Kế hoạch số liệu {offset + i}: triển khai nhiệm vụ năm {year} của {org.name}",
                preamble=f"{org.name} ban hành Kế hoạch, cụ thể như sau:",
                signing_authority="KT.",
                signer=org.people["signer"],
                created_by=org.people["drafter"],
                state=state,
            )
            if STATES.index(state) >= STATES.index("issued"):
                number = self.numbers[org.pk] = self.numbers.get(org.pk, 0) + 1
                plan.number, plan.issue_year, plan.issued_on = number, year, timezone.localdate()
            if state == "closed":
                plan.closing_summary = "Đã hoàn thành kế hoạch."
            if (offset + i) % 500 == 0:  # a few plans the search bench looks for ("nep nghi")
                plan.subject += " — thay đổi nếp nghĩ, cách làm"
            plan.words_in_body = (offset + i) % 500 == 7  # and a few it finds by their body only
            plans.append(plan)
        copy_rows(Plan, plans)
        # the searched text as the services keep it (plans.search): own text and body (here its section,
        # target and task); a few plans carry words only in their body ("giu gin ban sac")
        copy_rows(PlanSearch, [PlanSearch(plan=plan, text=plan_search_text(plan, self.body_words(plan))) for plan in plans])

        parts = {model: [] for model in (PlanReviewer, LegalBasis, Section, Target, Task, BudgetLine, Recipient)}
        grants = []
        for plan in plans:
            people, units = plan.organization.people, plan.organization.units
            parts[PlanReviewer].append(PlanReviewer(plan=plan, user=people["reviewer"]))
            parts[LegalBasis].append(LegalBasis(plan=plan, text="Căn cứ Luật Tổ chức chính quyền địa phương;"))
            parts[Section].append(Section(plan=plan, heading="I. MỤC ĐÍCH, YÊU CẦU", body=self.section_body(plan)))
            parts[Target].append(Target(plan=plan, text="Tỷ lệ hoàn thành", unit="%", target_value=Decimal("100")))
            parts[Task].append(Task(plan=plan, text="Chủ trì triển khai.", lead_unit=units[0], schedule_kind="monthly", schedule_day=15))
            parts[BudgetLine].append(
                BudgetLine(plan=plan, item="Hỗ trợ", unit_cost=5_000_000, quantity=10, amount=50_000_000, source="Ngân sách")
            )
            parts[Recipient].append(Recipient(plan=plan, name="Lưu: VT", purpose="lưu"))
            for codename, user in (("draft_plan", people["drafter"]), ("review_plan", people["reviewer"]), ("sign_plan", people["signer"])):
                grants.append(PlanUserObjectPermission(content_object=plan, user=user, permission=self.perms[codename]))
        for model, rows in parts.items():
            copy_rows(model, rows)
        blocks, parties = self.bulk_bodies(plans, parts[Target], parts[Task])
        copy_rows(PlanUserObjectPermission, grants)
        slots = []
        for plan, task in zip(plans, parts[Task], strict=True):
            if plan.state in ("reporting", "closed"):
                due_dates = [dt.date(plan.issue_year, month, 15) for month in (1, 2)]
                if plan.organization is self.inbox_org and plan.state == "reporting":
                    today = timezone.localdate()
                    due_dates = sorted({today - dt.timedelta(days=7 * k) for k in range(self.inbox_slots_per_plan)} | set(due_dates))
                for due_on in due_dates:
                    slot = ReportSlot(plan=plan, task=task, lead_unit_id=task.lead_unit_id, schedule_kind=task.schedule_kind, due_on=due_on)
                    slot.__dict__["state"] = "waived" if plan.state == "closed" else "open"  # fsm field is protected
                    slots.append(slot)
        copy_rows(ReportSlot, slots)
        slots_of = {}
        for slot in slots:
            slots_of.setdefault(slot.plan_id, []).append(slot)

        # History: one "+" row per part at creation, one plan row per state; each event covers its rows.
        history = []  # (plan_id, step, historical instance)
        for model, rows in parts.items():
            for row in rows:
                history.append((row.plan_id, 0, historical(model, row, "+", row.plan.created_by_id, "create", now)))
        for block in blocks:
            history.append((block.plan_id, 0, historical(Block, block, "+", block.plan.created_by_id, "create", now)))
        for party in parties:
            history.append((party.block.plan_id, 0, historical(TaskParty, party, "+", party.block.plan.created_by_id, "create", now)))
        for plan in plans:
            reached = STATES.index(plan.state)
            for step in range(reached + 1):
                state, action = PATH[step]
                version = historical(Plan, plan, "+" if step == 0 else "~", plan.created_by_id, action, now + dt.timedelta(seconds=step))
                version.__dict__["state"] = state  # the fsm field is protected
                if step < STATES.index("issued"):
                    version.number = version.issue_year = version.issued_on = None
                if step < STATES.index("closed"):
                    version.closing_summary = ""
                if step < reached:
                    version.updated_at = plan.created_at
                history.append((plan.pk, step, version))
            for slot in slots_of.get(plan.pk, []):
                history.append(
                    (plan.pk, STATES.index("reporting"), historical(ReportSlot, slot, "+", plan.created_by_id, "start_reporting", now))
                )
        by_model = {}
        for _plan_id, _step, version in history:
            by_model.setdefault(type(version), []).append(version)
        for model, rows in by_model.items():
            copy_rows(model, rows)

        covered = {}
        for plan_id, step, version in history:
            covered.setdefault((plan_id, step), []).append(
                {"model": label(type(version)), "id": version.pk, "sha256": instance_digest(version)}
            )
        for signature in self.bulk_signatures([plan for plan in plans if plan.number is not None]):
            covered.setdefault((signature.plan_id, STATES.index("issued")), []).append(
                {"model": label(Signature), "id": signature.pk, "sha256": instance_digest(signature)}
            )
        events = []
        for plan in plans:
            prev = GENESIS
            for step in range(STATES.index(plan.state) + 1):
                state, action = PATH[step]
                changes = []
                if action == "issue":
                    changes = [
                        {"field": "number", "old": None, "new": plan.number},
                        {"field": "issued_on", "old": None, "new": plan.issued_on.isoformat()},
                    ]
                elif action == "start_reporting":
                    changes = [{"field": "report_slots", "old": 0, "new": len(slots_of.get(plan.pk, []))}]
                event = AuditEvent(
                    plan=plan,
                    seq=step + 1,
                    at=now + dt.timedelta(seconds=step),
                    actor_id=plan.created_by_id,
                    kind="edit" if step == 0 else "transition",
                    action=action,
                    from_state="" if step == 0 else PATH[step - 1][0],
                    to_state=state,
                    comment="",
                    changes=changes,
                    rows=covered.get((plan.pk, step), []),
                    prev_hash=prev,
                )
                event.hash = prev = event_hash(event)
                events.append(event)
        copy_rows(AuditEvent, events)

    def bulk_signatures(self, plans):
        """The signer's main signature and the organization's seal of each issued plan, saved."""
        keystore = get_keystore()
        loaded = with_parts(Plan.objects).in_bulk([plan.pk for plan in plans])
        signers, blocks = {}, {}  # keys by organization; signature block fields by (organization, authority)
        for plan in plans:
            people, organization = plan.organization.people, plan.organization
            if organization.pk not in signers:
                signers[organization.pk] = (keystore.signer_for_user(people["signer"]), keystore.signer_for_organization(organization))
            if (organization.pk, plan.signing_authority) not in blocks:
                blocks[organization.pk, plan.signing_authority] = main_signature_fields(loaded[plan.pk], people["signer"])
        signed_at = timezone.now()  # after the keys were made: their certificates must be valid at signing
        records = []
        for plan in plans:
            full, people, organization = loaded[plan.pk], plan.organization.people, plan.organization
            person_key, seal_key = signers[organization.pk]
            content = plan_content(full)
            records.append(
                signature_record(
                    person_key,
                    full,
                    people["signer"],
                    Signature.Kind.MAIN,
                    content,
                    signed_at,
                    **blocks[organization.pk, plan.signing_authority],
                )
            )
            records.append(
                signature_record(
                    seal_key,
                    full,
                    people["clerk"],
                    Signature.Kind.SEAL,
                    content,
                    signed_at,
                    plan.number,
                    plan.issued_on,
                    signer_name=organization.name,
                )
            )
        return copy_rows(Signature, records)


PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
PLAIN_VALUES = (str, int, bool, type(None))


def _plain(field):
    """True when the instance's value, if a str, int, bool or None, is what PostgreSQL stores (text,
    integer, boolean and foreign key fields not set on save): COPY takes it without Django's
    preparation, which costs more than the COPY itself. Other fields and values (dates set on save,
    decimals, JSON, bytes) go through it."""
    return isinstance(field, PLAIN_FIELDS) and not getattr(field, "auto_now", False) and not getattr(field, "auto_now_add", False)


def copy_rows(model, rows):
    """Insert `rows` (unsaved instances) as bulk_create would, with PostgreSQL's COPY there.

    The primary keys are taken from the table's sequence first (one query), so the instances know
    them as after bulk_create; each field's value is prepared as Django prepares it for an INSERT
    (pre_save, get_db_prep_save). Elsewhere (the tests' SQLite) it is bulk_create."""
    rows = list(rows)
    if not rows:
        return rows
    if connection.vendor != "postgresql":
        return model.objects.bulk_create(rows)
    meta = model._meta
    fields = meta.concrete_fields
    table, pk = meta.db_table, meta.pk
    with connection.cursor() as cursor:
        without_pk = [row for row in rows if row.pk is None]
        if without_pk:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk.column, len(without_pk)]
            )
            for row, (value,) in zip(without_pk, cursor.fetchall(), strict=True):
                setattr(row, pk.attname, value)
        columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        plain = [_plain(field) for field in fields]
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = row.__dict__
                copy.write_row(
                    [
                        value
                        if is_plain and type(value := values[field.attname]) in PLAIN_VALUES
                        else field.get_db_prep_save(field.pre_save(row, True), connection)
                        for field, is_plain in zip(fields, plain, strict=True)
                    ]
                )
    for row in rows:
        row._state.adding, row._state.db = False, connection.alias
    return rows


def historical(model, instance, history_type, user_id, reason, when):
    """An unsaved django-simple-history row of `instance` as it is now."""
    history_model = model.history.model
    values = {field.attname: getattr(instance, field.attname) for field in model._meta.concrete_fields}
    return history_model(**values, history_type=history_type, history_user_id=user_id, history_change_reason=reason, history_date=when)


def main(argv=None):
    parser = argparse.ArgumentParser(description=Province.__doc__)
    parser.add_argument("--plans", type=int, default=10_000)
    parser.add_argument("--organizations", type=int, default=100)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=3, help="organizations whose sample plans go through the services")
    args = parser.parse_args(argv)
    Province().generate(plans=args.plans, organizations=args.organizations, batch=args.batch, sample=args.sample)


if __name__ == "__main__":
    main()
