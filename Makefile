# teitools: `make edition` builds the editions into build/, `make test` runs every test.
# Both set themselves up (a virtual environment in .venv) on a fresh machine.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
SEED   := $(SHARED)/seeds
BOOK   := $(SEED)/004_d42a5647c659f7ce.txt
SLAVIC := $(SEED)/000_207d2f40ce2670ae.txt

.PHONY: edition test lint drafts clean

$(BIN)/teitools: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

# The drafts show what ingest makes of the OCR with the recorded corrections;
# the edited documents in tei/ are checked and copied into build/tei/.
drafts: $(BIN)/teitools
	mkdir -p build/drafts
	$(BIN)/teitools ingest $(BOOK) -p wolfe-report -c tei/corrections/secret-report.tsv -q -o build/drafts/secret-report.xml
	$(BIN)/teitools ingest $(BOOK) -p wolfe-commentary -c tei/corrections/wolfe-commentary.tsv -q -o build/drafts/wolfe-commentary.xml
	$(BIN)/teitools ingest $(SLAVIC) -p slavic-review -c tei/corrections/slavic-review-1967.tsv -q -o build/drafts/slavic-review-1967.xml

edition: drafts
	$(BIN)/teitools validate tei/ --schema schemas/tei_all.rng
	mkdir -p build/tei
	cp tei/*.xml build/tei/
	$(BIN)/teitools build --html -o build/html
	$(BIN)/teitools build --pdf -o build/pdf
	@echo "editions built in build/: html/ (open build/html/index.html), pdf/, tei/"

lint: $(BIN)/teitools
	$(BIN)/ruff check src tests

test: lint
	$(BIN)/pytest

clean:
	rm -rf build
