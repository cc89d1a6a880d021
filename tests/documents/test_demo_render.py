"""The four demo plans (`manage.py loaddemo`, demo/) as PDF and PNG pages under
test-output/<database>/documents/, for a person to compare with the seeds; the issued ones verify."""

import difflib
import io
import re
import subprocess
import unicodedata
from pathlib import Path

from django.core.management import call_command

from demo.seeds import SEEDS as SEEDS_DATA
from documents.services import document_pdf
from documents.verify import verify_issued_pdf
from plans.models import Plan
from tests.documents.conftest import pdf_text, squeeze
from tests.output import OUTPUT_ROOT

OUTPUT = OUTPUT_ROOT / "documents"


def test_the_demo_plans_render_and_the_issued_ones_verify(db, settings, signed_pdfs, tmp_path):
    settings.PLANFLOW_DEMO_PASSWORD = "mat-khau-trinh-dien"
    call_command("loaddemo", stdout=io.StringIO())
    OUTPUT.mkdir(parents=True, exist_ok=True)
    plans = list(Plan.objects.select_related("organization").order_by("pk"))
    assert len(plans) == 4
    for plan in plans:
        data, name = document_pdf(plan)
        stem = f"demo-{plan.pk}-{plan.state}"
        (OUTPUT / f"{stem}.pdf").write_bytes(data)
        for old in OUTPUT.glob(f"{stem}-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "72", "-png", str(OUTPUT / f"{stem}.pdf"), str(OUTPUT / stem)], check=True)
        pages = sorted(OUTPUT.glob(f"{stem}-*.png"))
        assert pages and all(page.stat().st_size > 5000 for page in pages), stem
        text = squeeze(pdf_text(data, tmp_path))
        assert squeeze(plan.subject) in text, stem
        if plan.number is not None:
            assert squeeze(f"Số: {plan.symbol}") in squeeze(pdf_text(data, tmp_path, 1, 1, layout=True)), stem
            assert verify_issued_pdf(plan) == (True, []), stem
        else:
            assert "DỰTHẢO" in text, stem


# --- the seeds printed as written (issue 16, "Faithful plans") -------------------------------------

REPOSITORY = Path(__file__).resolve().parents[2]
# ../shared/seeds beside the checkout (a worktree of it reads the shared one)
SEEDS = next((p for p in (REPOSITORY.parent / "shared" / "seeds", Path("/work/shared/seeds")) if p.is_dir()), REPOSITORY / "missing-seeds")
WORD = re.compile(r"\w+(?:[.,/]\w+)*")
MATCH_AT_LEAST = 0.97


def words(text):
    """The words of `text` in order (NFC, one kind of apostrophe and dash; punctuation and layout dropped)."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("\u00ad", "")
    text = re.sub(r"/\s+", "/", text)  # "24/2024/" at the end of a line, "NQ-HĐND" on the next
    text = re.sub(r"(?<=[^\W\d_])(?=\d)", " ", text)  # a footnote call (superscript) against its word: "phủ1"
    return WORD.findall(text)


def find(sequence, part):
    return next((i for i in range(len(sequence) - len(part) + 1) if sequence[i : i + len(part)] == part), None)


def without(sequence, parts):
    """`sequence` of words less the first occurrence of each of `parts` (word lists) it holds."""
    sequence = list(sequence)
    for part in parts:
        i = find(sequence, part)
        if i is not None:
            del sequence[i : i + len(part)]
    return sequence


def body_words(text, first_heading):
    """The words from the first heading of the body to "Nơi nhận" (the body as written)."""
    all_words = words(text)
    start = words(first_heading)
    for i in range(len(all_words)):
        if all_words[i : i + len(start)] == start:
            break
    else:
        raise AssertionError(f"the body's first heading “{first_heading}” is not in the text")
    end = next((j for j in range(i, len(all_words) - 1) if all_words[j : j + 2] == ["Nơi", "nhận"]), len(all_words))
    return all_words[i:end]


SEED_FILES = {"000": "000_", "001": "001_", "002": "002_", "003": "003_"}


def seed_text(key):
    [path] = sorted(SEEDS.glob(f"{SEED_FILES[key]}*.txt"))
    return path.read_text(encoding="utf-8")


def test_each_seed_prints_its_body_as_written_in_order_without_an_annex(db, settings, tmp_path):
    """Each demo plan's PDF, from its first heading to "Nơi nhận", has the seed's words in the seed's
    order (difflib ratio over words ≥ 0.97), and no annex repeats its targets or tasks."""
    settings.PLANFLOW_DEMO_PASSWORD = "mat-khau-trinh-dien"
    call_command("loaddemo", stdout=io.StringIO())
    scores, differences = {}, {}
    for seed in SEEDS_DATA:
        plan = Plan.objects.get(subject=seed["data"]["subject"])
        assert plan.blocks.exists() and not plan.sections.exists(), seed["key"]
        first = plan.blocks.order_by("position").first()
        heading = f"{first.label} {first.text}"
        data, _name = document_pdf(plan)
        printed = pdf_text(data, tmp_path)
        assert "PHỤ LỤC" not in printed, seed["key"]
        expected, got = body_words(seed_text(seed["key"]), heading), body_words(printed, heading)
        # A footnote sits at the foot of the page its call is on: where that falls in the reading order
        # depends on the page breaks, so each footnote is checked whole, and the rest in order.
        notes = [words(f"{note.label} {note.text}") for note in plan.blocks.filter(kind="footnote")]
        assert all(find(words(printed), note) is not None for note in notes), seed["key"]  # the last page's come after "Nơi nhận"
        expected, got = without(expected, notes), without(got, notes)
        matcher = difflib.SequenceMatcher(None, expected, got, autojunk=False)
        scores[seed["key"]] = matcher.ratio()
        differences[seed["key"]] = [
            f"{tag} {' '.join(expected[i1:i2])!r} -> {' '.join(got[j1:j2])!r}"
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()
            if tag != "equal"
        ]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    report = [f"{key}: {score:.4f}\n" + "".join(f"  {line}\n" for line in differences[key]) for key, score in sorted(scores.items())]
    (OUTPUT / "seed-fidelity.txt").write_text("".join(report))  # the score and the words that differ, for a person
    assert all(score >= MATCH_AT_LEAST for score in scores.values()), scores
