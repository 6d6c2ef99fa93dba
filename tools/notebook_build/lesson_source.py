"""Lesson sources ``lesson_sources/NN_name.md``: their cells, and the translatable messages of
their markdown (the format is described in tools/build_notebooks.py).
"""
import re
from dataclasses import dataclass, field
from pathlib import Path

from .paths import ROOT, SRC_DIR

@dataclass
class Cell:
    kind: str                     # "markdown" | "code"
    id: str
    tags: list
    source: str
    line: int                     # 1-based line of the cell's first content line


@dataclass
class Lesson:
    name: str                     # "01_autograd"
    path: Path
    cells: list = field(default_factory=list)

    @property
    def rel(self):
        return self.path.relative_to(ROOT).as_posix()


_CELL_LINE = re.compile(r"^%% (markdown|code) ([A-Za-z0-9_-]{1,64})((?: [A-Za-z0-9_-]+)*)\s*$")


def parse_lesson(path):
    path = Path(path)
    lesson = Lesson(path.stem, path)
    seen = set()
    current = None
    lines = path.read_text(encoding="utf-8").splitlines()
    for no, line in enumerate(lines, 1):
        if line.startswith("%% "):
            m = _CELL_LINE.match(line)
            if not m:
                raise ValueError(f"{path}:{no}: bad cell line {line!r}")
            kind, cid, tags = m.group(1), m.group(2), m.group(3).split()
            if cid in seen:
                raise ValueError(f"{path}:{no}: duplicate cell id {cid!r}")
            seen.add(cid)
            current = Cell(kind, cid, tags, [], no + 1)
            lesson.cells.append(current)
        elif current is None:
            if line.strip():
                raise ValueError(f"{path}:{no}: text before the first cell line")
        else:
            current.source.append(line)
    for cell in lesson.cells:
        cell.source = "\n".join(cell.source).strip("\n")
    return lesson


def lessons():
    return [parse_lesson(p) for p in sorted(SRC_DIR.glob("[0-9]*.md"))]


_HEADING = re.compile(r"^(#{1,6}) +(.*\S)\s*$")
_ITEM = re.compile(r"^([-*]) +")
# a fenced code block, display math, inline math, inline code: copied, never translated
_MATH_OR_CODE = re.compile(r"```.*?```|\$\$.*?\$\$|\$[^$\n]*\$|`[^`\n]*`", re.S)


def _split_blocks(text):
    """Blocks separated by blank lines; a $$ or ``` block stays whole even across blank lines."""
    blocks, cur, fence = [], [], None
    for line in text.split("\n"):
        s = line.strip()
        if fence is None and not s:
            if cur:
                blocks.append("\n".join(cur))
                cur = []
            continue
        cur.append(line)
        for marker in ("$$", "```"):
            if s.startswith(marker) or (marker == "$$" and s.endswith(marker)):
                n = s.count(marker)
                if fence is None and n % 2 == 1:
                    fence = marker
                elif fence == marker and n % 2 == 1:
                    fence = None
    if cur:
        blocks.append("\n".join(cur))
    return blocks


def has_words(text):
    """Whether a block has prose outside math and code spans (else it is copied verbatim)."""
    return re.search(r"[^\W\d_]", _MATH_OR_CODE.sub("", text)) is not None


def markdown_units(text):
    """[(kind, prefix, text)] for one markdown cell.

    kind is "block" (a message starting a new block), "item" (a message continuing a list) or
    "verbatim" (math or a fenced code block only, copied as it is); prefix is the markup kept outside the message
    ("## ", "- ").  A list gives one message per item.
    """
    units = []
    for block in _split_blocks(text):
        lines = block.split("\n")
        m = _HEADING.match(block) if len(lines) == 1 else None
        if m:
            units.append(("block", m.group(1) + " ", m.group(2)))
        elif _ITEM.match(lines[0]):
            items = []
            for line in lines:
                if _ITEM.match(line):
                    items.append([line])
                else:
                    items[-1].append(line)
            for k, item in enumerate(items):
                first = item[0]
                prefix = _ITEM.match(first).group(0)
                msg = "\n".join([first[len(prefix):]] + [x.strip() for x in item[1:]])
                units.append(("item" if k else "block", prefix, msg))
        elif has_words(block):
            units.append(("block", "", block))
        else:
            units.append(("verbatim", "", block))
    return units


def prose_messages(lesson):
    """[(message, cell id, line)] of a lesson, in order."""
    out = []
    for cell in lesson.cells:
        if cell.kind != "markdown":
            continue
        for kind, _prefix, msg in markdown_units(cell.source):
            if kind != "verbatim":
                out.append((msg, cell.id, cell.line))
    return out


def translate_markdown(text, gettext):
    """Rebuild a markdown cell with each message passed through gettext."""
    parts = []
    for kind, prefix, msg in markdown_units(text):
        piece = msg if kind == "verbatim" else prefix + gettext(msg)
        if kind == "item" and parts:
            parts[-1] += "\n" + piece
        else:
            parts.append(piece)
    return "\n\n".join(parts)
