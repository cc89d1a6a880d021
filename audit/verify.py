"""Recompute a plan's audit chain and say precisely what does not add up.

Streams the events in seq order (`iterator()`), so memory stays flat for long chains.
Each problem names the event by its seq so an auditor can find it.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .chain import GENESIS, event_hash
from .models import AuditEvent


@dataclass
class ChainReport:
    plan_id: int
    events: int = 0
    problems: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


def verify_chain(plan_id):
    report = ChainReport(plan_id=plan_id)
    expected_seq, expected_prev = 1, GENESIS
    for event in AuditEvent.objects.filter(plan_id=plan_id).order_by("seq").iterator(chunk_size=2000):
        report.events += 1
        if event.seq != expected_seq:
            report.problems.append(
                _("Sự kiện #%(seq)d: thứ tự bị đứt, mong đợi #%(expected)d (có sự kiện bị xóa hoặc chèn).")
                % {"seq": event.seq, "expected": expected_seq}
            )
        if event.prev_hash != expected_prev:
            report.problems.append(_("Sự kiện #%(seq)d: không nối với sự kiện trước (bị xóa, chèn hoặc đổi thứ tự).") % {"seq": event.seq})
        if event_hash(event) != event.hash:
            report.problems.append(_("Sự kiện #%(seq)d: nội dung đã bị thay đổi (hash không khớp).") % {"seq": event.seq})
        expected_seq, expected_prev = event.seq + 1, event.hash
    return report
