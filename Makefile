# Two commands (see README.md):  make lab   |   make test
# The offline JupyterLite site:  make site  (build/site)  |  make serve-site  |  make site-test
#                                 (make site-test-quick: lesson 1 only)
# Each creates or reuses the local virtual environment .venv and installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test bench install notebooks site site-test site-test-quick serve-site

# JupyterLab refuses to run as root unless told to (containers often run as root).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

# JupyterLab on notebooks/ (bn/, en/), opening the bilingual start page with a link to each lesson.
lab: $(STAMP)
	$(BIN)/python -m jupyterlab --ServerApp.root_dir=notebooks \
		--LabApp.default_url=/lab/tree/start.ipynb $(ROOT_FLAG)

test: $(STAMP)
	@echo "==> Running the test suite on every core (pytest-xdist): unit and golden tests, every"
	@echo "    notebook cell (nbval), the notebooks in JupyterLab in Chromium, a Binder build"
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

notebooks: $(STAMP)
	$(BIN)/python -m tools.build_notebooks

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "autograd_bn needs Python 3.10 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	@test -x $(BIN)/python || { \
		echo "==> Creating the virtual environment $(VENV) with $$($(PYTHON) --version)"; \
		$(PYTHON) -m venv $(VENV); }
	@echo "==> Upgrading pip in $(VENV)"
	$(BIN)/python -m pip install --upgrade pip
	@echo "==> Installing autograd_bn (editable) with its notebooks and test extras: numpy,"
	@echo "    JupyterLab, ipywidgets, matplotlib, pytest, pytest-xdist, nbval, playwright, ..."
	@echo "    (the first time: about a hundred packages, a few minutes)"
	$(BIN)/python -m pip install -e '.[notebooks,test]'
	@touch $(STAMP)
	@echo "==> $(VENV) is ready"

# ---- the JupyterLite site (tools/site/build.py): its own environment, .venv-site, with the
# `site` extra (JupyterLite 0.6.4, its Pyodide kernel, the matching widgets front end)
SITE_VENV  := .venv-site
SITE_STAMP := $(SITE_VENV)/.installed

site: $(SITE_STAMP)
	@echo "==> Building the offline JupyterLite site in build/site (Pyodide 0.27.7 from a pinned"
	@echo "    PyPI wheel, the autograd_bn wheel of this checkout, ipywidgets, the lessons)"
	$(SITE_VENV)/bin/python -m tools.site.build

# Every lesson of the built site in headless Chromium, offline, and the golden tests in Pyodide.
site-test: site $(STAMP)
	$(BIN)/python -m pytest -n 0 -p no:cacheprovider -m site tests/browser

# Lesson 1 in both languages only (what .ci/run runs): the site's start, outputs, widgets,
# fonts and links in a few minutes.
site-test-quick: site $(STAMP)
	CI=true $(BIN)/python -m pytest -n 0 -p no:cacheprovider -m site \
		tests/browser/test_site_lessons.py -k "01_autograd or aborted"

serve-site:
	@test -f build/site/index.html || { echo "no site yet: make site"; exit 1; }
	@echo "==> http://127.0.0.1:8000/  (Ctrl+C stops)"
	$(PYTHON) -m http.server --bind 127.0.0.1 --directory build/site 8000

$(SITE_STAMP): pyproject.toml
	@test -x $(SITE_VENV)/bin/python || { \
		echo "==> Creating $(SITE_VENV) for the site build"; $(PYTHON) -m venv $(SITE_VENV); }
	$(SITE_VENV)/bin/python -m pip install --upgrade pip
	@echo "==> Installing the site extra: jupyterlite-core, jupyterlite-pyodide-kernel,"
	@echo "    jupyterlab_widgets, jupyter_server"
	$(SITE_VENV)/bin/python -m pip install '.[site]'
	@touch $(SITE_STAMP)
