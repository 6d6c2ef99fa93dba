"""`make lab` opens JupyterLab on notebooks/ with the start page notebooks/start.ipynb: a short
bilingual page whose links lead to every lesson in both languages (and nowhere else)."""
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
START = NOTEBOOKS / "start.ipynb"
LANGS = ("bn", "en")


def _lab_command():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = make[make.index("\nlab:"):].split("\n\n")[0]
    return " ".join(recipe.replace("\\\n", " ").split())


def _links():
    nb = json.loads(START.read_text(encoding="utf-8"))
    assert all(c["cell_type"] == "markdown" for c in nb["cells"]), "the start page runs no code"
    text = "".join("".join(c["source"]) for c in nb["cells"])
    assert re.search("[\u0980-\u09FF]", text) and re.search(r"\bStart here\b", text)
    return re.findall(r"\]\(([^)\s]+)\)", text)


def test_make_lab_opens_the_start_page():
    cmd = _lab_command()
    root = re.search(r"--ServerApp\.root_dir=(\S+)", cmd).group(1)
    page = re.search(r"--LabApp\.default_url=/lab/tree/(\S+)", cmd).group(1)
    assert (ROOT / root / page).resolve() == START.resolve(), cmd


def test_start_page_links_every_lesson_in_both_languages():
    links = _links()
    lessons = {f"{lang}/{p.name}" for lang in LANGS
               for p in (NOTEBOOKS / lang).glob("[0-9]*.ipynb")}
    assert lessons, "no lessons in notebooks/<lang>/"
    assert set(links) == lessons, (sorted(set(links) - lessons), sorted(lessons - set(links)))


def test_lab_root_holds_the_lessons_only():
    """What a student sees in JupyterLab's file browser: the start page and a folder per
    language, not the lesson sources (lesson_sources/, read by tools/build_notebooks.py)."""
    shown = sorted(p.name for p in NOTEBOOKS.iterdir() if not p.name.startswith("."))
    assert shown == sorted([*LANGS, START.name]), shown
