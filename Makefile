# Two commands set everything up on a fresh machine:
#   make        creates .venv, installs the press, builds every PDF into dist/
#   make test   runs the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all build test check clean poppler

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/handbook build

check: $(STAMP)
	$(BIN)/handbook check

# The tests read PDFs back with poppler's pdftotext.
test: $(STAMP) poppler
	$(BIN)/python -m pytest -q

poppler:
	@command -v pdftotext >/dev/null || { \
	  echo "installing poppler-utils (needed by the tests)"; \
	  apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null; }

clean:
	rm -rf dist
