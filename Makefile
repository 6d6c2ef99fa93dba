# Two commands (see README.md):  make lab   |   make test
# Each creates or reuses the local virtual environment .venv and installs what it needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: lab test bench install notebooks

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
