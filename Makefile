SHELL := /bin/bash
# One command to build the book, one to run every test.
#   make book   build the website into _build/html (creates .venv on first use)
#   make test   lint, then a clean build with warnings as errors, then pytest + nbval, then
#               nbval again with numpy's baseline kernels (what CI runs)
#   make lint   ruff check, ruff format --check, and mypy on course_lib (all pinned)
#   make execute  re-run the notebooks in place after changing them or course_lib
#   make serve  view the built site at http://localhost:8000
#   make lab    open the chapters in JupyterLab, from the same .venv (LAB_ARGS="..." adds options)
#   make lab-screenshots  retake the JupyterLab screenshots that book/how-to-use.md shows

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# KaTeX renders the math at build time (_ext/course_math.py): installed from npm, never committed.
# _offline/.katex/ holds the script Node.js runs during the build (hidden: Sphinx does not copy it
# to the site); _offline/katex/ the stylesheet and woff2 fonts that the site serves.
KATEX_VERSION := 0.16.28
KATEX := _offline/.katex/katex-$(KATEX_VERSION)
# axe-core, the accessibility checker that tests/test_site_a11y.py runs in every page of the
# site: installed from npm for the tests only (pinned, never committed, never part of the site).
AXE_VERSION := 4.14.1
AXE := _testtools/axe-core-$(AXE_VERSION)/axe.min.js

.PHONY: book test build-strict pytest execute serve lab lab-screenshots lint lock clean

# Every distribution comes from requirements-dev.lock, pinned with its hashes (pip refuses
# anything else); then course_lib itself, editable, from this folder.
$(STAMP): requirements-dev.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Regenerate the lock after changing requirements.txt or requirements-dev.txt. Pins already in
# the lock are kept where they still fit; `tests/test_lock.py` fails when the lock is stale.
lock: $(STAMP)
	$(BIN)/uv pip compile requirements-dev.txt --generate-hashes --python-version 3.11.7 \
	  --no-emit-package course-lib --no-header --no-annotate -o requirements-dev.lock

$(KATEX):
	rm -rf _offline/npm _offline/.katex _offline/katex _offline/mathjax
	mkdir -p _offline/.katex _offline/katex/fonts
	npm install --no-save --no-package-lock --no-audit --no-fund --silent \
	  --prefix _offline/npm katex@$(KATEX_VERSION)
	cp _offline/npm/node_modules/katex/dist/katex.min.js _offline/.katex/
	cp _offline/npm/node_modules/katex/dist/katex.min.css _offline/katex/
	cp _offline/npm/node_modules/katex/dist/fonts/*.woff2 _offline/katex/fonts/
	rm -rf _offline/npm
	touch $(KATEX)

book: $(STAMP) $(KATEX)
	$(BIN)/jupyter-book build .
	@echo "Built: open _build/html/index.html, or run 'make serve'."

# Lint, format and type checks (configured in pyproject.toml): seconds, so `make test` runs them
# first. `ruff format .` (without --check) applies the formatting; notebooks are not linted.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy course_lib

# The test command: lint, a clean build that fails on any warning, then the tests.
# (ipykernel 7 prints a "Kernel is running over TCP" notice when the build starts
# a kernel; it is about local transport, not the book, so it is not counted.)
test: lint build-strict pytest

build-strict: $(STAMP) $(KATEX)
	rm -rf _build
	$(BIN)/jupyter-book build -W -n --keep-going . 2>&1 | tee _build.log; \
	status=$${PIPESTATUS[0]}; \
	if grep -v "Kernel is running over TCP without encryption" _build.log \
	   | grep -qE "WARNING|ERROR|CRITICAL|Warning:|with problems|[0-9]+ warnings?"; then \
	  echo "The book build printed warnings or errors (see above)."; status=1; fi; \
	rm -f _build.log; exit $$status

# Then the notebooks again with numpy limited to its baseline SIMD kernels, which every
# x86-64 CPU has: stored outputs must not depend on the CPU (scripts/numpy_baseline.py).
# The numerical library tests run in both kernel sets too (fast: about 10 s): numpy's baseline
# tanh, for one, reports an underflow that its AVX kernels do not.
NUMERIC_TESTS := $(addprefix tests/test_,$(addsuffix .py,activations layers losses models \
	gradcheck optim train three_neuron gradflow landscapes data autograd))
# Two workers (pytest-xdist), each taking whole files: a notebook's cells run in order in one
# kernel, and a test file's browser or JupyterLab starts once. The Slow-4G page timings run
# alone afterwards, so that the other worker's load does not slow the page being measured.
PARALLEL := -n 2 --dist loadfile
pytest: $(STAMP) $(AXE)
	$(BIN)/python -m pytest $(PARALLEL) --ignore=tests/test_site_speed.py
	$(BIN)/python -m pytest tests/test_site_speed.py
	@features="$$($(BIN)/python scripts/numpy_baseline.py)"; \
	echo "Notebooks and numerical tests again, with NPY_DISABLE_CPU_FEATURES=\"$$features\" (numpy's baseline kernels)"; \
	NPY_DISABLE_CPU_FEATURES="$$features" $(BIN)/python -m pytest $(PARALLEL) book \
	  tests/test_portability.py $(NUMERIC_TESTS)

execute: $(STAMP)
	$(BIN)/python scripts/sync_notebooks.py
	$(BIN)/python scripts/execute_notebooks.py

serve:
	$(BIN)/python -m http.server --directory _build/html 8000

# JupyterLab is pinned in requirements.txt, the version Binder runs too. It refuses to start
# as root (in a container, say) without --allow-root, so that flag is added for root only.
LAB_ARGS ?=
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=book $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

# The JupyterLab test takes the screenshots that book/how-to-use.md shows; this copies them there.
lab-screenshots: $(STAMP)
	$(BIN)/python -m pytest tests/test_lab.py -q
	cp tests/screenshots/how-to-use/*.png book/images/jupyterlab/

$(AXE):
	rm -rf _testtools && mkdir -p $(dir $(AXE))
	npm install --no-save --no-package-lock --no-audit --no-fund --silent \
	  --prefix _testtools/npm axe-core@$(AXE_VERSION)
	cp _testtools/npm/node_modules/axe-core/axe.min.js $(AXE)
	rm -rf _testtools/npm

clean:
	rm -rf _build _offline _testtools
