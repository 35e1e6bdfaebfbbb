# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint clean-data screenshots

run: $(STAMP)
	$(PY) -m factcheck.launcher run

test: $(STAMP)
	$(PY) -m factcheck.launcher test $(PYTEST_ARGS)

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required, found " + sys.version.split()[0]'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# The dependencies only: the project runs from this folder, so it is not installed into the venv.
	$(PY) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt
	touch $(STAMP)

# Style, and the layering contracts in pyproject.toml (docs/ARCHITECTURE.md): CI runs both.
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

# PNGs of the main pages (desktop and 375 px) into docs/screenshots/, from the demo.
screenshots: $(STAMP)
	$(PY) -m factcheck.screenshots

# Removes the embedded database and the broker's files (the demo comes back on the next `make run`).
clean-data:
	rm -rf .data
