"""Issue numbers: gap-free and unique per issuing body, document type and calendar year (Art. 15)."""

from plans.models import IssueCounter


def _locked_counter(organization, doc_type, year):
    counter = IssueCounter.objects.select_for_update().filter(organization=organization, doc_type=doc_type, year=year).first()
    if counter is None:
        # The year's first issue: INSERT … ON CONFLICT DO NOTHING (no savepoint; the counter is not
        # history-tracked). A concurrent first issue's row wins; the lock below waits for it.
        IssueCounter.objects.bulk_create([IssueCounter(organization=organization, doc_type=doc_type, year=year)], ignore_conflicts=True)
        counter = IssueCounter.objects.select_for_update().get(organization=organization, doc_type=doc_type, year=year)
    return counter


def _absorb_reserved(counter):
    """Move last_number past the paper numbers that follow it (they are given already)."""
    reserved = set(counter.reserved)
    while counter.last_number + 1 in reserved:
        counter.last_number += 1
        reserved.discard(counter.last_number)
    counter.reserved = sorted(reserved)


def next_number(organization, doc_type, year):
    """Take the next number. Call inside the issuing transaction: the counter row stays locked
    until it commits, so a rolled-back issue gives its number back and numbers never skip
    (except over the numbers plans registered from paper hold already)."""
    counter = _locked_counter(organization, doc_type, year)
    _absorb_reserved(counter)  # numbers from paper right after the last one are given already
    counter.last_number += 1
    counter.save(update_fields=["last_number", "reserved"])
    return counter.last_number


def reserve_number(organization, doc_type, year, number):
    """Take `number` for a plan issued on paper; False when it is given already (the caller refuses)."""
    counter = _locked_counter(organization, doc_type, year)
    if number <= counter.last_number or number in counter.reserved:
        return False
    counter.reserved = [*counter.reserved, number]
    _absorb_reserved(counter)
    counter.save(update_fields=["last_number", "reserved"])
    return True


def peek_number(organization, doc_type, year):
    """The number the next issue would take now (the issue page's preview); read, never reserved."""
    counter = IssueCounter.objects.filter(organization=organization, doc_type=doc_type, year=year).first()
    if counter is None:
        return 1
    number, reserved = counter.last_number + 1, set(counter.reserved)
    while number in reserved:
        number += 1
    return number
