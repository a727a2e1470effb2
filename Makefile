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
# MathJax, served with the site so that it works offline (installed, never committed).
MATHJAX_VERSION := 3.2.2
MATHJAX := _offline/mathjax/tex-chtml.js

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

$(MATHJAX):
	rm -rf _offline && mkdir -p _offline
	npm install --no-save --no-package-lock --no-audit --no-fund --silent \
	  --prefix _offline/npm mathjax@$(MATHJAX_VERSION)
	cp -r _offline/npm/node_modules/mathjax/es5 _offline/mathjax
	rm -rf _offline/npm _offline/mathjax/sre  # sre: the optional speech engine, 4 MB

book: $(STAMP) $(MATHJAX)
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

build-strict: $(STAMP) $(MATHJAX)
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
	gradcheck optim train three_neuron gradflow landscapes data))
pytest: $(STAMP)
	$(BIN)/python -m pytest
	@features="$$($(BIN)/python scripts/numpy_baseline.py)"; \
	echo "Notebooks and numerical tests again, with NPY_DISABLE_CPU_FEATURES=\"$$features\" (numpy's baseline kernels)"; \
	NPY_DISABLE_CPU_FEATURES="$$features" $(BIN)/python -m pytest book tests/test_portability.py \
	  $(NUMERIC_TESTS)

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

clean:
	rm -rf _build _offline
