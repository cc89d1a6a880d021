"""Search without diacritics: "nep nghi" finds "nếp nghĩ".

Text is folded the same way when stored and when asked: Unicode NFD with the combining marks
dropped, đ → d, lower case, one space between words. `PlanSearch` (plans.models) holds, folded,
the subject, preamble and closing summary, the body's blocks (headings, paragraphs, targets, tasks,
table cells) and the task parties in `text`, and the reports filed on the plan's slots in
`report_text`. Both databases search them with a plain LIKE for each folded word asked for (every
word required, in any order, each in `text` or in `report_text`: plans.filters), so the match is the
same on SQLite and PostgreSQL (folding in Python rather than with PostgreSQL's `unaccent` keeps the two
alike: `unaccent` leaves "đ" alone). On PostgreSQL a pg_trgm GIN index on each column serves that
LIKE (migrations 0004 and 0015); where the extension cannot be created the search still works, by a
scan.

Who keeps it: Plan.save (its own text), plans.services._apply (the body), reporting.services
(a report filed). PlanSearch is a derived table, not history-tracked, so those write it with
update().
"""

import unicodedata


def folded(text):
    decomposed = unicodedata.normalize("NFD", text or "")
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.replace("đ", "d").replace("Đ", "D").lower().split())


def plan_search_text(plan, body=""):
    return folded(" ".join(part for part in (plan.subject, plan.preamble, plan.closing_summary, body) if part))
