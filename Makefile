# Two commands on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test check clean reference bench docs

# Some machines set PYTHONDONTWRITEBYTECODE; then every `assemble` process (and each one the tests
# start) compiles its ~50 modules again. Bytecode goes to __pycache__/, which git ignores.
unexport PYTHONDONTWRITEBYTECODE

report: $(STAMP)
	$(BIN)/assemble build

# One pytest worker per core; a test file stays on one worker, so its module fixtures are built once.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --dist loadfile

check: $(STAMP)
	$(BIN)/assemble check

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

# Time assemble against pandoc on synthetic 1x and 10x reports (see docs/performance.md).
bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/run.py
	$(BIN)/python bench/import_word.py

# Regenerate templates/reference.docx from its script (only after editing the script).
reference: $(STAMP)
	$(BIN)/python templates/make_reference_docx.py templates/reference.docx

# Rewrite docs/treaties/<body>.md from the rule packs in assemble/data/ (after editing a pack).
docs: $(STAMP)
	$(BIN)/python docs/treaties/make_pages.py

clean:
	rm -rf build
