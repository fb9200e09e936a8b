# Two commands set everything up on a fresh machine (see README.md):
#   make site   create .venv, install the tool's pinned requirements, bundle the browser editor (when
#               npm is there), build the bundled site into public/
#   make test   the same set-up plus the test requirements and the browser/HTML/accessibility tools,
#               then lint and the whole suite
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: site test serve check bench tools editor clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.tested: $(VENV)/.installed requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

site: $(VENV)/.installed editor
	$(PY) build.py build

check: $(VENV)/.installed
	$(PY) build.py check

serve: $(VENV)/.installed editor
	$(PY) build.py serve

tools:
	bash .ci/install-test-tools

# The browser editor's bundle (katalog/editor/dist/) from package-lock.json; without npm, a note.
editor:
	bash .ci/build-editor

test: $(VENV)/.tested tools editor
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest

bench: $(VENV)/.tested tools editor
	$(PY) -m pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt
	$(PY) benchmarks/run.py
	$(PY) benchmarks/preview.py

clean:
	rm -rf public .pytest_cache
