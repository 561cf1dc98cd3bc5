# Two commands set everything up on a fresh machine:
#   make        creates .venv, installs the press, builds every PDF into dist/
#   make test   runs the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all build test check bench clean test-tools

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/handbook build

check: $(STAMP)
	$(BIN)/handbook check

# The tests read PDFs back with poppler's pdftotext and check catalogs with
# GNU msgfmt; install Debian's packages for them when they are missing.
test: $(STAMP) test-tools
	$(BIN)/python -m pytest -q

test-tools:
	@missing=""; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing (needed by the tests)"; \
	  apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	fi

# Time and memory of the press: see bench/run.py
bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf dist
