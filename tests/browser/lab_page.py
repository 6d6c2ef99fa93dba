"""``NotebookSession``: one notebook opened in one browser page, run with Run > Run All Cells,
and the questions the tests ask about the page afterwards (see labdriver.py).
"""
import re
import time

VIEWPORT = {"width": 1280, "height": 1400}

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s*\w+(Error|Exception)\b.*$", re.M)
# What is not "what the widget shows": its sliders and their readouts.
SLIDER_PARTS = (".widget-slider, .widget-readout, .agbn-slider-readout, input, .noUi-target, "
                "style")


class NotebookError(AssertionError):
    pass


_STATE_JS = r"""
() => {
  const panel = document.querySelector('#jp-main-dock-panel .jp-NotebookPanel:not(.lm-mod-hidden)');
  if (!panel) return null;
  const ind = panel.querySelector('.jp-Notebook-ExecutionIndicator');
  const kname = panel.querySelector('.jp-KernelName');
  const cells = [...panel.querySelectorAll('.jp-Notebook .jp-Cell')].map(c => {
    const prompt = c.querySelector('.jp-InputPrompt');
    const outs = [...c.querySelectorAll(':scope .jp-OutputArea-output')].filter(
      o => !o.parentElement.closest('.jp-OutputArea-output'));
    return {
      code: c.classList.contains('jp-CodeCell'),
      prompt: prompt ? prompt.textContent.trim() : '',
      outputs: outs.map(o => ({mime: o.getAttribute('data-mime-type') || '',
                               text: (o.innerText || '').slice(0, 3000)})),
    };
  });
  return {status: ind ? ind.getAttribute('data-status') : '',
          kernel: kname ? kname.innerText.trim() : '', cells};
}
"""


_WIDGETS_DRAWN_JS = r"""() => [...document.querySelectorAll(
    '.jp-OutputArea-output:not([data-mime-type])')]
    .every(o => o.firstElementChild && !/^\s*Loading widget/.test(o.innerText || ''))"""


class NotebookSession:
    """A notebook opened in its own page of the shared browser."""

    # a slider's handle: ipywidgets 8 (noUiSlider) or a range input; ipywidgets 7 (jQuery UI)
    SLIDER_HANDLES = (".widget-slider .noUi-handle, input[type=range], "
                      ".widget-slider .ui-slider-handle")

    def __init__(self, browser, server, info):
        self.info = info
        self.server = server
        self.context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.timings = {}
        self.console_errors = []
        self.page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

    def close(self):
        try:
            self.context.close()
        except Exception:
            pass

    # ---- opening and running
    def state(self):
        return self.page.evaluate(_STATE_JS)

    # A notebook goes through phases: "opening" (until all its cells, a named kernel and
    # "idle" are there), "running" (Run > Run All Cells clicked, until every code cell has a
    # number), "widgets" (until the widget manager has drawn every widget view), "done".
    # step() advances one notebook without blocking, so that several notebooks can load and
    # run at once (their kernels work in parallel); open_and_run() does it all for one.
    OPEN_TIMEOUT, RUN_TIMEOUT, WIDGET_TIMEOUT = 60, 240, 30

    def begin(self):
        self.phase = "opening"
        self.t0 = self.t_phase = time.monotonic()
        self.started = False
        self.stopped_since = None
        self.page.goto(self.server.url(self.info.rel), wait_until="domcontentloaded")

    def step(self):
        """Advance by one look at the page; True when done.  Raises NotebookError."""
        now = time.monotonic()
        if self.phase == "opening":
            st = self.state()
            if (st and len(st["cells"]) == len(self.info.cells) and st["status"] == "idle"
                    and st["kernel"] and st["kernel"] not in ("No Kernel", "Kernel")):
                self.timings["open"] = round(now - self.t_phase, 2)
                self._click_run_all()
                self.phase, self.t_phase = "running", time.monotonic()
            elif now - self.t_phase > self.OPEN_TIMEOUT:
                raise NotebookError(f"{self.info.rel}: not ready after {self.OPEN_TIMEOUT} s "
                                    f"(state: {summary(st)})\n{self.server.log()}")
        elif self.phase == "running":
            if self._run_finished(self.state()):
                self.timings["run_all"] = round(now - self.t_phase, 2)
                self.phase, self.t_phase = "widgets", now
            elif now - self.t_phase > self.RUN_TIMEOUT:
                prompts = [c["prompt"] for c in self.state()["cells"] if c["code"]]
                raise NotebookError(f"{self.info.rel}: Run All did not finish within "
                                    f"{self.RUN_TIMEOUT} s (prompts: {prompts})")
        elif self.phase == "widgets":
            # every widget view drawn (test_every_widget_rendered says which one was not)
            if self.page.evaluate(_WIDGETS_DRAWN_JS) or now - self.t_phase > self.WIDGET_TIMEOUT:
                self.timings["widgets"] = round(now - self.t_phase, 2)
                self.phase = "done"
        return self.phase == "done"

    def open_and_run(self):
        self.begin()
        while not self.step():
            time.sleep(0.2)

    def _click_run_all(self):
        page = self.page
        page.locator("#jp-menu-panel .lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-item:not(.lm-mod-hidden) .lm-Menu-itemLabel",
                     has_text=re.compile(r"^Run All Cells$")).click()

    def _run_finished(self, st):
        """True when every code cell has run.  Fails as soon as a cell shows a traceback it was
        not meant to show, or when Run All stopped early."""
        cells = st["cells"]
        self._check_errors(cells)
        prompts = [c["prompt"] for c in cells if c["code"]]
        running = any("*" in p for p in prompts)
        done = [bool(re.search(r"\[\d+\]", p)) for p in prompts]
        self.started = self.started or running or any(done)
        if not (self.started and not running and st["status"] == "idle"):
            self.stopped_since = None
            return False
        if all(done):
            return True
        self.stopped_since = self.stopped_since or time.monotonic()
        if time.monotonic() - self.stopped_since > 3:
            idx = [i for i, c in enumerate(cells) if c["code"]]
            first = next(i for i, d in zip(idx, done) if not d)
            raise NotebookError(f"{self.info.rel}: Run All stopped before cell "
                                f"{self.info.cell_id(first)!r} (index {first}); "
                                f"prompts: {prompts}")
        return False

    def _check_errors(self, cells):
        for i, cell in enumerate(cells):
            for out in cell["outputs"]:
                if out["mime"] != "application/vnd.jupyter.stderr":
                    continue
                if not TRACEBACK.search(out["text"]):
                    continue
                tagged, marked = self.info.raises_on_purpose(i)
                if tagged:
                    continue
                hint = ""
                if marked:
                    hint = ("\nThis cell fails on purpose (NBVAL_RAISES_EXCEPTION) but lacks the "
                            "`raises-exception` tag, so JupyterLab's Run All stops here and the "
                            "cells after it never run: give it the tag in the lesson source "
                            "(`%% code <id> raises-exception`).")
                raise NotebookError(f"{self.info.rel}: cell {self.info.cell_id(i)!r} (index {i}) "
                                    f"raised:\n{out['text'][-2000:]}{hint}")

    # ---- questions about the page
    def cells(self):
        return self.page.locator("#jp-main-dock-panel .jp-NotebookPanel .jp-Notebook .jp-Cell")

    def cell(self, index):
        return self.cells().nth(index)

    def widget_outputs(self):
        """Every top-level output that is (or should have been) a widget view: drawn ones hold
        a `.jupyter-widgets` element; undrawn ones show the widget's text form instead."""
        return self.page.evaluate(r"""() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
            .flatMap((c, i) => [...c.querySelectorAll('.jp-OutputArea-output')]
              .filter(o => !o.parentElement.closest('.jp-OutputArea-output'))
              .map(o => ({cell: i, mime: o.getAttribute('data-mime-type') || '',
                          rendered: !!(o.firstElementChild
                                       && o.firstElementChild.classList.contains('jupyter-widgets')),
                          text: (o.innerText || '').slice(0, 300)})))
            .filter(o => o.rendered || o.mime === '""" + WIDGET_MIME + r"""'
                         || /^\s*\w+\(children=\(|Error displaying widget|Loading widget/.test(o.text))""")

    def images(self):
        """The visible images in outputs: cell index, start of src, natural width, height
        (a widget may hold an empty, hidden Image until it has something to show)."""
        return self.page.evaluate("""() => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
            .flatMap((c, i) => [...c.querySelectorAll('.jp-OutputArea-output img')]
              .filter(img => img.getClientRects().length && getComputedStyle(img).visibility !== 'hidden')
              .map(img => ({
                cell: i, src: img.src.slice(0, 30), width: img.naturalWidth,
                height: img.naturalHeight, complete: img.complete})))""")

    def cells_with(self, selector):
        """Indices of the cells that contain an element matching selector."""
        return self.page.evaluate("""sel => [...document.querySelectorAll('.jp-Notebook .jp-Cell')]
            .map((c, i) => c.querySelector(sel) ? i : -1).filter(i => i >= 0)""", selector)

    def bengali_fonts(self):
        """For every element that directly holds Bengali text: where it is (markdown, widget,
        output), its text, and the platform fonts Chromium drew it with (CDP
        CSS.getPlatformFontsForNode)."""
        marked = self.page.evaluate(r"""() => {
            const re = /[\u0980-\u09FF]/;
            const out = [];
            let n = 0;
            const cells = document.querySelectorAll('.jp-Notebook .jp-Cell');
            cells.forEach((cell, ci) => {
              const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
              const seen = new Set();
              while (walker.nextNode()) {
                const t = walker.currentNode;
                if (!re.test(t.textContent)) continue;
                const el = t.parentElement;
                if (!el || seen.has(el) || el.closest('.jp-InputArea-editor')) continue;
                // only text that is drawn: not hidden parts, not the closed options of a <select>
                const style = getComputedStyle(el);
                if (style.display === 'none' || style.visibility === 'hidden'
                    || !el.getClientRects().length || el.closest('option, select')) continue;
                seen.add(el);
                let where = 'other';
                if (el.closest('.jp-MarkdownOutput')) where = 'markdown';
                else if (el.closest('.jupyter-widgets, .widget-box, .widget-inline-hbox')) where = 'widget';
                else if (el.closest('.jp-OutputArea-output')) where = 'output';
                el.setAttribute('data-agbn-bn', String(n));
                out.push({id: n, cell: ci, where, tag: el.tagName.toLowerCase(),
                          text: t.textContent.trim().slice(0, 80)});
                n++;
              }
            });
            return out;
        }""")
        if not marked:
            return []
        cdp = self.context.new_cdp_session(self.page)
        try:
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
            ids = cdp.send("DOM.querySelectorAll",
                           {"nodeId": root, "selector": "[data-agbn-bn]"})["nodeIds"]
            by_mark = {}
            for node_id in ids:
                attrs = cdp.send("DOM.getAttributes", {"nodeId": node_id})["attributes"]
                mark = int(dict(zip(attrs[::2], attrs[1::2]))["data-agbn-bn"])
                fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"]
                by_mark[mark] = [(f["familyName"], f["glyphCount"]) for f in fonts]
        finally:
            cdp.detach()
        for m in marked:
            m["fonts"] = by_mark.get(m["id"], [])
        return marked

    # ---- widgets
    def widget_signature(self, output_index):
        """What a widget output shows, minus its own sliders and readouts: text, images, SVG."""
        return self.page.evaluate(r"""([i, skip]) => {
            const o = document.querySelectorAll('[data-agbn-widget]')[i];
            const c = o.cloneNode(true);
            c.querySelectorAll(skip).forEach(e => e.remove());
            const imgs = [...c.querySelectorAll('img')].map(e => e.src);
            const svgs = [...c.querySelectorAll('svg')].map(e => e.outerHTML);
            const parts = [...c.querySelectorAll('[class*="agbn-"]')].map(e => e.innerHTML);
            return JSON.stringify([c.textContent, imgs, svgs, parts]);
        }""", [output_index, SLIDER_PARTS])

    def mark_widgets(self, root_class):
        """Mark the widget outputs whose widget carries root_class; returns, for each, its
        cell index and how many visible sliders and buttons it has."""
        return self.page.evaluate(r"""([cls, handles]) => {
            document.querySelectorAll('[data-agbn-widget]').forEach(
                e => e.removeAttribute('data-agbn-widget'));
            const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
            const outs = [];
            document.querySelectorAll('.jp-Notebook .jp-Cell').forEach((cell, ci) => {
              cell.querySelectorAll('.jp-OutputArea-output').forEach(o => {
                if (o.parentElement.closest('.jp-OutputArea-output')) return;
                if (!o.querySelector('.' + cls)) return;
                o.setAttribute('data-agbn-widget', String(outs.length));
                const sliders = [...o.querySelectorAll(handles)];
                outs.push({cell: ci, sliders: sliders.length,
                           visible: sliders.map(visible),
                           buttons: o.querySelectorAll('button').length});
              });
            });
            return outs;
        }""", [root_class, self.SLIDER_HANDLES])

    def widget_errors(self, output_index):
        """Error messages a widget shows instead of its result (`.agbn-error`)."""
        return self.page.evaluate(r"""i => [...document.querySelectorAll('[data-agbn-widget]')[i]
            .querySelectorAll('.agbn-error')].map(e => e.innerText.trim()).filter(t => t)""",
                                  output_index)

    def widget_output(self, i):
        return self.page.locator("[data-agbn-widget]").nth(i)

    def wait_change(self, output_index, before, timeout=15):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            now = self.widget_signature(output_index)
            if now != before:
                # let a redraw in progress finish, then report the settled state
                time.sleep(0.3)
                return self.widget_signature(output_index)
            time.sleep(0.15)
        return None

    def move_slider(self, output_index, slider_index, key="ArrowRight"):
        handle = self.widget_output(output_index).locator(self.SLIDER_HANDLES).nth(slider_index)
        handle.scroll_into_view_if_needed()
        handle.focus()
        handle.press(key)

    # ---- screenshots
    def screenshot_cells(self, indices, path):
        """One picture of consecutive cells (their union), or of one cell."""
        path.parent.mkdir(parents=True, exist_ok=True)
        first, last = self.cell(min(indices)), self.cell(max(indices))
        if len(indices) == 1:
            first.screenshot(path=str(path), animations="disabled")
            return path
        first.scroll_into_view_if_needed()
        self.page.evaluate("""([a, b]) => {
            const cells = document.querySelectorAll('.jp-Notebook .jp-Cell');
            cells[a].scrollIntoView({block: 'start'});
            const scroller = cells[a].closest('.jp-WindowedPanel-outer');
            if (scroller) scroller.scrollTop -= 12;
        }""", [min(indices), max(indices)])
        a, b = first.bounding_box(), last.bounding_box()
        panel = self.page.locator("#jp-main-dock-panel .jp-NotebookPanel .jp-WindowedPanel-outer"
                                  ).first.bounding_box()
        top = max(a["y"] - 6, panel["y"])
        bottom = min(b["y"] + b["height"], panel["y"] + panel["height"])
        left = min(a["x"], b["x"])
        width = max(a["x"] + a["width"], b["x"] + b["width"]) - left
        self.page.screenshot(path=str(path), animations="disabled",
                             clip={"x": left, "y": top, "width": width, "height": bottom - top})
        return path


def summary(st):
    if not st:
        return "no notebook panel"
    return (f"{len(st['cells'])} cells, kernel {st['kernel']!r}, status {st['status']!r}")
