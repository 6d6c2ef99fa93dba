"""The notebooks of the site and its landing page.

Each lesson is copied without outputs (a learner runs it; widgets cannot be shown without a
kernel anyway), with its code unchanged.  ``start.ipynb`` comes along.  The landing page
(``index.html`` at the site's root) leads to the first lesson in Bengali and in English and
lists the others.

The lessons link to the chain-rule explorer's static pages as ``../../docs/explorer/<page>``
(right in the repository, where the notebooks are in notebooks/<lang>/).  JupyterLab resolves
such a link inside the contents, dropping what goes above its root: ``docs/explorer/<page>``.
So the pages are copied there too; a click opens them in JupyterLab's HTML viewer (the site
trusts HTML files, build.py, so their script runs), and their address
``files/docs/explorer/<page>`` serves them as plain pages.
"""
import html
import json
import posixpath
import re
import shutil
from pathlib import Path

LANGS = {"bn": "বাংলা", "en": "English"}
# a relative link in a lesson's markdown that leaves its folder: ](../../docs/explorer/x.html)
UP_LINK = re.compile(r"\]\((\.\./[^)#?\s]+)")


def stripped(nb):
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    nb.get("metadata", {}).pop("widgets", None)
    return nb


def lesson_title(nb):
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for line in src.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def linked_files(nb, lang):
    """The files outside notebooks/ that a lesson of notebooks/<lang>/ links to: pairs (path in
    the repository, path in the contents where JupyterLab looks for it: the link resolved
    from <lang>/ with what goes above the root dropped)."""
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for link in UP_LINK.findall(src):
            repo = posixpath.normpath(posixpath.join("notebooks", lang, link))
            if repo.startswith("../") or repo.startswith("notebooks/"):
                continue                    # outside the repository, or a lesson itself
            site = posixpath.normpath(posixpath.join(lang, link))
            while site.startswith("../"):
                site = site[3:]
            found.append((repo, site))
    return found


def copy_linked(nb, lang, repo_root, dest):
    """Copy the repository files a lesson links to into the contents (module docstring)."""
    for repo, site in linked_files(nb, lang):
        source = repo_root / repo
        if not source.is_file():
            raise SystemExit(f"a lesson links to {repo}, which is not in the repository")
        (dest / site).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest / site)


def write_contents(notebooks_dir, dest):
    """Copy the lessons to dest/<lang>/ and the files they link to (docs/explorer/...);
    returns {lang: [(file name, title)]}."""
    lessons = {}
    for lang in LANGS:
        for path in sorted((notebooks_dir / lang).glob("[0-9]*.ipynb")):
            nb = stripped(json.loads(path.read_text(encoding="utf-8")))
            out = dest / lang / path.name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            copy_linked(nb, lang, notebooks_dir.parent, dest)
            lessons.setdefault(lang, []).append((path.name, lesson_title(nb)))
    start = notebooks_dir / "start.ipynb"
    if start.exists():
        nb = stripped(json.loads(start.read_text(encoding="utf-8")))
        (dest / "start.ipynb").write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n",
                                          encoding="utf-8")
    return lessons


def lesson_url(lang, name):
    return f"lab/index.html?path={lang}/{name}"


def landing_page(lessons):
    cols = []
    for lang, label in LANGS.items():
        items = "\n".join(
            f'      <li><a lang="{lang}" href="{html.escape(lesson_url(lang, name))}">'
            f"{html.escape(title or name)}</a></li>" for name, title in lessons.get(lang, []))
        cols.append(f'  <section lang="{lang}">\n    <h2>{label}</h2>\n    <ol>\n{items}\n'
                    "    </ol>\n  </section>")
    return f"""<!DOCTYPE html>
<html lang="bn">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<!-- JupyterLite's pages read their configuration root from this element (no redirect here) -->
<script id="jupyter-config-data" type="application/json" data-jupyter-lite-root=".">{{}}</script>
<title>autograd_bn: স্বয়ংক্রিয় অন্তরীকরণ · automatic differentiation</title>
<style>
  body {{ font-family: "Noto Sans Bengali", "Noto Sans", "DejaVu Sans", sans-serif;
         max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6; }}
  main {{ display: flex; flex-wrap: wrap; gap: 2rem; }}
  section {{ flex: 1 1 20rem; }}
  a {{ font-size: 1.1rem; }}
</style>
</head>
<body>
<h1>autograd_bn</h1>
<p lang="bn">স্বয়ংক্রিয় অন্তরীকরণের পাঠ, ব্রাউজারেই চলে: কিছু ইনস্টল করতে হয় না। প্রথমবার খুলতে
কিছুটা সময় লাগে; পাতা খোলার পর পাঠ চালাতে আর ইন্টারনেট লাগে না।</p>
<p lang="en">Lessons on automatic differentiation that run in your browser, with nothing to
install. The first start takes a while; once the page has loaded, running the lessons needs no
internet connection.</p>
<main>
{chr(10).join(cols)}
</main>
</body>
</html>
"""
