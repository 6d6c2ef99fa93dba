"""The chain-rule explorer as one static HTML page: no kernel, no network, no MathJax.

Everything is computed before the page is written: the whole graph as SVG, each box's text
before and after its forward step, each edge's gradient, the caption of every position of the
timeline and every node's formulas (as MathML, which browsers draw themselves: mathml.py) in
two states, before and after the gradient reached the node.  A few lines of inline JavaScript
replay the timeline (slider, ◀ ▶, play) and show a node's formulas when its box is clicked.
"""
import json

from ...i18n import _, get_language
from .. import _common as C
from ..graph_model import OUTPUT
from .draw import _shape, short
from .explorer import math_html

T_TITLE = "The chain rule, node by node"
T_PLAY = "▶ Play"
T_HINT = "Click a box to see its chain rule."
E_TOO_LARGE = ("A static page holds at most {limit} nodes (this graph has {n}): every step and "
               "every formula is written into it.")
EXPORT_LIMIT = 2000

STYLE = """
body { font-family: FONTS; margin: 1.5em; }
.agbn-chain-controls { display: flex; gap: .5em; align-items: center; margin: .5em 0; }
.agbn-chain-node { cursor: pointer; }
.agbn-chain-panel { border-left: 3px solid #1f77b4; padding: .3em 1em; margin-top: .5em; }
.agbn-chain-math { margin: .4em 0; font-size: 1.15em; }
math { font-family: "Latin Modern Math", "STIX Two Math", "DejaVu Serif", serif; }
"""

SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById("agbn-chain-data").textContent);
  var slider = document.getElementById("agbn-chain-slider");
  var label = document.getElementById("agbn-chain-position");
  var caption = document.getElementById("agbn-chain-caption");
  var panel = document.getElementById("agbn-chain-panel");
  var fill = {todo: "#ffffff", value: "#eef3ff", done: "#fff4d6"};
  var selected = null, timer = null;
  function digits(s) { return data.bengali ? String(s).replace(/[0-9]/g,
      function (d) { return "০১২৩৪৫৬৭৮৯"[+d]; }) : String(s); }
  function show(k) {
    var f = Math.min(k, data.forward), b = Math.max(0, k - data.forward);
    var current = b ? data.steps[b - 1] : (f ? data.order[f - 1] : null);
    document.querySelectorAll("g.agbn-chain-node").forEach(function (g) {
      var id = g.getAttribute("data-node"), fw = +g.getAttribute("data-forward") || 0;
      var st = +g.getAttribute("data-step") || 0, info = data.nodes[id];
      var phase = (st && st <= b) ? "done" : ((id === "output" ? f === data.forward : fw <= f)
                                              ? "value" : "todo");
      g.setAttribute("class", "agbn-chain-node agbn-chain-" + phase +
                     (id === current ? " agbn-chain-current" : "") +
                     (id === (selected || current) ? " agbn-chain-selected" : ""));
      var rect = g.querySelector("rect");
      rect.setAttribute("fill", fill[phase]);
      rect.setAttribute("stroke", id === current ? "#d62728" :
                        (id === selected ? "#1f77b4" : "#444"));
      rect.setAttribute("stroke-width", id === current || id === selected ? 3 : 1);
      g.querySelector(".agbn-chain-value").textContent = phase === "todo" ? info.todo : info.value;
      var leaf = g.querySelector(".agbn-chain-leaf-grad");
      if (leaf) { leaf.style.display = phase === "done" ? "" : "none"; }
    });
    document.querySelectorAll("g.agbn-chain-edge").forEach(function (g) {
      var st = +g.getAttribute("data-step") || 0, flowed = st && st <= b;
      g.setAttribute("class", "agbn-chain-edge" + (flowed ? " agbn-chain-flowed" : ""));
      g.querySelector("path").setAttribute("stroke", flowed ? "#d62728" : "#999");
      g.querySelector(".agbn-chain-grad").style.display = flowed ? "" : "none";
    });
    label.textContent = digits(k + "/" + data.length);
    caption.textContent = data.captions[k];
    var id = selected || current || "n0";
    if (data.panels[id]) {
      var p = data.panels[id], reached = p.step && p.step <= b;
      panel.innerHTML = reached ? p.after : p.before;
    }
  }
  function go(k) { slider.value = Math.max(0, Math.min(data.length, k)); show(+slider.value); }
  slider.addEventListener("input", function () { show(+slider.value); });
  document.getElementById("agbn-chain-prev").onclick = function () { go(+slider.value - 1); };
  document.getElementById("agbn-chain-next").onclick = function () { go(+slider.value + 1); };
  document.getElementById("agbn-chain-play").onclick = function () {
    if (timer) { clearInterval(timer); timer = null; return; }
    if (+slider.value >= data.length) { go(0); }
    timer = setInterval(function () {
      if (+slider.value >= data.length) { clearInterval(timer); timer = null; return; }
      go(+slider.value + 1);
    }, 700);
  };
  document.querySelectorAll("g.agbn-chain-node").forEach(function (g) {
    g.addEventListener("click", function () {
      var id = g.getAttribute("data-node");
      selected = data.panels[id] ? id : null;
      show(+slider.value);
    });
  });
  show(0);
})();
"""


def page(model, bengali=False, title=None):
    """The HTML text of the static page for a ChainModel."""
    g, tl = model.graph, model.timeline
    if len(g.nodes) > EXPORT_LIMIT:
        raise ValueError(_(E_TOO_LARGE).format(limit=EXPORT_LIMIT, n=len(g.nodes)))
    svg = model.drawing.svg(tl.length, bengali, None, whole=True)
    nodes = {}
    for nid in list(g.nodes) + [OUTPUT]:
        key = "n0" if nid == OUTPUT else nid
        value = model.values.get(key)
        label = model.labels.get(key)
        shape = g.shape if nid == OUTPUT else _shape(g, nid)
        todo = C.fmt_shape(shape if value is None else getattr(value, "shape", shape), bengali)
        done = todo if value is None else "= " + short(value, bengali)
        nodes[nid] = {"todo": f"{label} {todo}" if label else todo,
                      "value": f"{label} {done}" if label else done}
    panels = {}
    for nid in g.nodes:
        panels[nid] = {"step": g.step_of.get(nid, 0),
                       "before": math_html(model.formulas.blocks(nid, 0), mathml=True),
                       "after": math_html(model.formulas.blocks(nid, tl.backward), mathml=True)}
    data = {"forward": tl.forward, "length": tl.length, "order": tl.order,
            "steps": [s.node_id for s in g.steps], "nodes": nodes, "panels": panels,
            "captions": [model.caption(k, bengali) for k in range(tl.length + 1)],
            "bengali": bool(bengali)}
    blob = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    title = title or _(T_TITLE)
    return (f'<!DOCTYPE html>\n<html lang="{get_language()}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{C.esc(title)}</title><style>{STYLE.replace("FONTS", C.css_fonts())}</style>'
            f'</head><body>'
            f'<h1>{C.esc(title)}</h1>'
            f'<div class="agbn-chain-controls"><button id="agbn-chain-play">{C.esc(_(T_PLAY))}'
            f'</button><button id="agbn-chain-prev">{C.esc(C.label_text("back"))}</button>'
            f'<button id="agbn-chain-next">{C.esc(C.label_text("next"))}</button>'
            f'<input type="range" id="agbn-chain-slider" min="0" max="{tl.length}" value="0">'
            f'<span id="agbn-chain-position"></span></div>'
            f'<div id="agbn-chain-caption" class="agbn-chain-caption-text"></div>'
            f'<div class="agbn-chain-svg">{svg}</div>'
            f'{model.summary.html(tl.length, bengali)}'
            f'<p>{C.esc(_(T_HINT))}</p>'
            f'<div id="agbn-chain-panel" class="agbn-chain-panel"></div>'
            f'<script type="application/json" id="agbn-chain-data">{blob}</script>'
            f'<script>{SCRIPT}</script></body></html>\n')
