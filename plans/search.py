"""Search without diacritics: "nep nghi" finds "nếp nghĩ".

Text is folded the same way when stored and when asked: Unicode NFD with the combining marks
dropped, đ → d, lower case, one space between words. `Plan.search_text` holds the folded subject,
preamble and closing summary (the plan's own text), set on every save, so both databases search it
with a plain LIKE; on PostgreSQL a pg_trgm GIN index serves that LIKE (migration 0004). The body
(issue 16's blocks) joins it when it lands.
"""

import unicodedata


def folded(text):
    decomposed = unicodedata.normalize("NFD", text or "")
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.replace("đ", "d").replace("Đ", "D").lower().split())


def plan_search_text(plan):
    return folded(" ".join(part for part in (plan.subject, plan.preamble, plan.closing_summary) if part))
