"""Issue numbers: gap-free and unique per issuing body, document type and calendar year (Art. 15)."""

from django.db import IntegrityError, transaction

from plans.models import IssueCounter


def next_number(organization, doc_type, year):
    """Take the next number. Call inside the issuing transaction: the counter row stays locked
    until it commits, so a rolled-back issue gives its number back and numbers never skip."""
    counter = IssueCounter.objects.select_for_update().filter(organization=organization, doc_type=doc_type, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = IssueCounter.objects.create(organization=organization, doc_type=doc_type, year=year)
        except IntegrityError:  # another issue created the row first: wait for its lock
            pass
        counter = IssueCounter.objects.select_for_update().get(organization=organization, doc_type=doc_type, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def peek_number(organization, doc_type, year):
    """The number the next issue would take now (the issue page's preview); read, never reserved."""
    counter = (
        IssueCounter.objects.filter(organization=organization, doc_type=doc_type, year=year).values_list("last_number", flat=True).first()
    )
    return (counter or 0) + 1
