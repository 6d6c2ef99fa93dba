"""``LiteSession``: one lesson opened in the built JupyterLite site, in its own browser context,
run with Run > Run All Cells, and read back (see site_server.py for the site).

Every request the page makes to anywhere but the site's server is aborted and recorded in
``outside`` (a route whose pattern is "any URL that does not start with the server's address");
the site's own requests are not intercepted at all (only jupyter-lite.json, to add two test-only
settings, below): a route handler costs a round trip to this Python process per request, and
the kernel makes hundreds of them while it starts (its file system asks the page's contents,
file by file, through the service worker).  JupyterLite's service worker (its kernel's file
access goes through it) stays on; Playwright routes its requests too when
PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS
is set (site_lab.py sets it), and Chromium is started with a host resolver that knows no name
but 127.0.0.1, so nothing can leave the machine even past the route.

Test-only settings, added to jupyter-lite.json on its way to the page: ``exposeAppInBrowser``
(the test reads the notebook's outputs from the application's model, exactly as they would be
saved) and no cell windowing (every cell in the page, for the widget and font checks).
"""
import json
import re
import time

from lab_page import VIEWPORT, NotebookError, NotebookSession, summary

_CELLS_JS = r"""
() => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.content || !panel.content.model) return null;
  const cells = panel.content.model.cells;
  const out = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    out.push({type: c.type, id: c.id,
              execution_count: c.type === 'code' ? c.executionCount : null,
              outputs: c.type === 'code' ? c.outputs.toJSON() : []});
  }
  return out;
}
"""


def patch_config(body):
    config = json.loads(body)
    data = config.setdefault("jupyter-config-data", {})
    data["exposeAppInBrowser"] = "true"
    overrides = data.setdefault("settingsOverrides", {})
    overrides["@jupyterlab/notebook-extension:tracker"] = {"windowingMode": "none"}
    return json.dumps(config)


class LiteSession(NotebookSession):
    OPEN_TIMEOUT, RUN_TIMEOUT, WIDGET_TIMEOUT = 420, 600, 60

    def __init__(self, browser, server, info):
        self.info = info
        self.server = server
        self.outside = []
        self.console = []
        self.console_errors = []
        self.timings = {}
        self.context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
        self.context.route("**/jupyter-lite.json*", self._patch_config)
        self.context.route(re.compile("^(?!" + re.escape(server.base + "/") + ")"), self._abort)
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))

    def _abort(self, route):
        self.outside.append(route.request.url)
        route.abort()

    def _patch_config(self, route):
        if not self.server.local(route.request.url):
            self._abort(route)
            return
        response = route.fetch()
        route.fulfill(response=response, body=patch_config(response.text()))

    def url(self):
        return f"{self.server.base}/lab/index.html?path={self.info.lang}/{self.info.path.name}"

    def begin(self):
        self.phase = "opening"
        self.t0 = self.t_phase = time.monotonic()
        self.started = False
        self.stopped_since = None
        self.page.goto(self.url(), wait_until="domcontentloaded")

    def step(self):
        now = time.monotonic()
        if self.phase == "opening":
            st = self.state()
            if (st and len(st["cells"]) == len(self.info.cells) and st["status"] == "idle"
                    and st["kernel"] and st["kernel"] not in ("No Kernel", "Kernel")):
                # page load to a ready kernel (Pyodide loaded, the packages preloaded)
                self.timings["kernel_ready"] = round(now - self.t0, 2)
                self._click_run_all()
                self.phase, self.t_phase = "running", time.monotonic()
            elif now - self.t_phase > self.OPEN_TIMEOUT:
                raise NotebookError(f"{self.info.rel}: kernel not ready after "
                                    f"{self.OPEN_TIMEOUT} s (state: {summary(st)}); console: "
                                    f"{self.console[-5:]}")
            return False
        return super().step()

    def cells_json(self):
        """The notebook's cells as the application holds them: type, id, outputs (nbformat)."""
        return self.page.evaluate(_CELLS_JS)

    def version_warnings(self):
        """Console messages about shared-module versions that do not agree."""
        return [text for kind, text in self.console
                if kind in ("warning", "error") and ("Unsatisfied version" in text
                                                     or "version" in text.lower()
                                                     and "shared" in text.lower())]

    def figure_text_fonts(self, svgs):
        """For figures sent as SVG: every Bengali word must be SVG text (not outlines drawn by
        matplotlib) and Chromium must draw it with a Bengali font.  Each SVG is put inline in a
        blank page of the same context (an <img> hides its text from DevTools)."""
        import labdriver
        problems = []
        page = self.context.new_page()
        try:
            for k, svg in enumerate(svgs):
                start = svg.find("<svg")
                words = [t for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)
                         if labdriver.BENGALI.search(t)]
                if not labdriver.BENGALI.search(svg):
                    continue
                if not words:
                    problems.append(f"figure {k}: Bengali not kept as SVG text")
                    continue
                page.set_content(f"<!DOCTYPE html><html><body>{svg[start:]}</body></html>")
                cdp = self.context.new_cdp_session(page)
                try:
                    cdp.send("DOM.enable")
                    cdp.send("CSS.enable")
                    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
                    nodes = cdp.send("DOM.querySelectorAll",
                                     {"nodeId": root, "selector": "text"})["nodeIds"]
                    for node in nodes:
                        text = cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"]
                        if not labdriver.BENGALI.search(text):
                            continue
                        fonts = cdp.send("CSS.getPlatformFontsForNode",
                                         {"nodeId": node})["fonts"]
                        if not any(labdriver.BENGALI_FONT.search(f["familyName"])
                                   and f["glyphCount"] for f in fonts):
                            problems.append(f"figure {k}: {re.sub('<[^>]+>', '', text)!r} "
                                            f"drawn with {fonts}")
                finally:
                    cdp.detach()
        finally:
            page.close()
        return problems

    def move_slider(self, output_index, slider_index, key="ArrowRight"):
        """Drag the handle by 25 px (right for ArrowRight, else left): the slider front end
        JupyterLite gets (jupyterlab_widgets 3.0.15) does not move a handle by the arrow keys."""
        handle = self.widget_output(output_index).locator(self.SLIDER_HANDLES).nth(slider_index)
        handle.scroll_into_view_if_needed()
        box = handle.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        dx = 25 if key == "ArrowRight" else -25
        self.page.mouse.move(x, y)
        self.page.mouse.down()
        self.page.mouse.move(x + dx / 2, y, steps=3)
        self.page.mouse.move(x + dx, y, steps=3)
        self.page.mouse.up()
