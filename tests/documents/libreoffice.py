"""The DOCX as a word processor prints it: LibreOffice headless (Debian libreoffice-writer-nogui,
`make system-test-packages`) converts it to PDF, and pdfplumber measures that PDF.

Each conversion runs with its own LibreOffice profile (-env:UserInstallation) in the test's
temporary directory, so the SQLite and PostgreSQL runs of `make test` (and several helpers on one
machine) can convert at once: two soffice processes sharing one profile would wait on its lock or
hand the work to each other.
"""

import shutil
import subprocess
from dataclasses import dataclass

import pdfplumber

MM = 72 / 25.4


def soffice():
    path = shutil.which("soffice") or shutil.which("libreoffice")
    assert path, "LibreOffice is missing: `make system-test-packages` installs libreoffice-writer-nogui"
    return path


def convert(docx_files, tmp_path):
    """{name: PDF path} of DOCX files {name: bytes}, converted in one soffice run."""
    source = tmp_path / "docx"
    output = tmp_path / "pdf"
    source.mkdir(exist_ok=True)
    output.mkdir(exist_ok=True)
    paths = []
    for name, data in docx_files.items():
        path = source / f"{name}.docx"
        path.write_bytes(data)
        paths.append(str(path))
    profile = (tmp_path / "lo-profile").as_uri()
    command = [soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(output)]
    subprocess.run([*command, *paths], check=True, capture_output=True, timeout=300)
    result = {name: output / f"{name}.pdf" for name in docx_files}
    missing = [name for name, path in result.items() if not path.is_file()]
    assert not missing, f"LibreOffice made no PDF of {missing}"
    return result


@dataclass
class Line:
    """A line of text on a page: its words and where it stands (PDF points, top-down)."""

    page: int
    top: float
    x0: float
    x1: float
    text: str
    bold: bool

    @property
    def width(self):
        return self.x1 - self.x0


@dataclass
class Rule:
    page: int
    top: float
    x0: float
    x1: float

    @property
    def width(self):
        return self.x1 - self.x0


def read(path, x_split=None):
    """(lines, rules) of a PDF: lines of words grouped by baseline (with `x_split`, the words left
    and right of that x are separate lines: the two columns of the head), and the horizontal rules
    (lines, or rectangles under 2 pt high)."""
    lines, rules = [], []
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=True)
            groups = {}
            for word in words:
                side = 0 if x_split is None or word["x0"] < x_split else 1
                key = next((k for k in groups if k[1] == side and abs(k[0] - word["bottom"]) < 2), (word["bottom"], side))
                groups.setdefault(key, []).append(word)
            for (_bottom, _side), group in sorted(groups.items()):
                group.sort(key=lambda w: w["x0"])
                lines.append(
                    Line(
                        page=index,
                        top=min(w["top"] for w in group),
                        x0=group[0]["x0"],
                        x1=group[-1]["x1"],
                        text=" ".join(w["text"] for w in group),
                        bold=all("Bold" in w["fontname"] for w in group),
                    )
                )
            for edge in [*page.lines, *page.rects]:
                if abs(edge["bottom"] - edge["top"]) < 2 and edge["x1"] - edge["x0"] > 5:
                    rules.append(Rule(page=index, top=edge["top"], x0=edge["x0"], x1=edge["x1"]))
    unique = {(r.page, round(r.top), round(r.x0), round(r.x1)): r for r in rules}
    return lines, sorted(unique.values(), key=lambda r: (r.page, r.top, r.x0))
