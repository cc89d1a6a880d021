"""Helpers for the seed modules: a task quotes the plan's own words instead of retyping them."""


def quote(sections, heading, first, last=None):
    """The paragraphs of the section whose heading starts with `heading`, from the paragraph starting
    with `first` to the one starting with `last` (or just `first`), joined by newlines.

    Fails at import when a paragraph is not found, so a typo cannot go unnoticed."""
    [body] = [b for h, b in sections if h.startswith(heading)]
    paragraphs = body.split("\n")
    start = _index(paragraphs, first, heading)
    end = _index(paragraphs, last, heading) if last else start
    if end < start:
        raise ValueError(f"{heading}: “{last}” comes before “{first}”")
    return "\n".join(paragraphs[start : end + 1])


def _index(paragraphs, prefix, heading):
    found = [i for i, p in enumerate(paragraphs) if p.startswith(prefix)]
    if len(found) != 1:
        raise ValueError(f"{heading}: {len(found)} paragraphs start with “{prefix}”")
    return found[0]
