# Two commands set everything up on a fresh machine:
#   make        creates .venv, installs the press, builds every PDF into dist/
#   make test   runs the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: all build test check bench clean test-tools system-libs

all: build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

build: $(STAMP) system-libs
	$(BIN)/handbook build

# Arabic and Farsi are laid out with GNU FriBidi's bidi levels (pipeline/typeset/bidi.py);
# install Debian's libfribidi0 when it is missing.
system-libs:
	@if ! ldconfig -p 2>/dev/null | grep -q 'libfribidi\.so\.0'; then \
	  echo "installing libfribidi0 (the right-to-left setter needs it)"; \
	  apt-get update -qq && apt-get install -y -qq libfribidi0 >/dev/null; \
	fi

check: $(STAMP)
	$(BIN)/handbook check

# The tests read PDFs back with poppler's pdftotext and check catalogs with
# GNU msgfmt; install Debian's packages for them when they are missing.
test: $(STAMP) system-libs test-tools
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
bench: $(STAMP) system-libs
	$(BIN)/python bench/run.py

clean:
	rm -rf dist
