# Two commands on a fresh machine: `make run` and `make test`. Each installs what it needs.
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin
SUDO    = $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT     = DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get
SYSTEM_PACKAGES = tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng tesseract-ocr-osd poppler-utils publicsuffix
TEST_PACKAGES   = chromium chromium-driver fonts-dejavu-core texlive-latex-base texlive-latex-recommended \
                  texlive-lang-french lmodern libreoffice-writer-nogui hyphen-fr pandoc fonts-liberation

.PHONY: run test setup system system-test lint bench samples clean

run: setup
	$(BIN)/fiches run data/raw --out data/clean

test: setup system-test
	$(BIN)/ruff check pipeline tests bench scripts examples
	$(BIN)/pytest -q

setup: system $(VENV)/.installed

# Tesseract with its French and orientation data, and the Public Suffix List (URL hosts), from the
# distribution, when missing.
system:
	@if ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx fra \
	    || ! tesseract --list-langs 2>/dev/null | grep -qx osd || ! command -v pdftoppm >/dev/null \
	    || [ ! -f /usr/share/publicsuffix/public_suffix_list.dat ]; then \
	  $(APT) update -qq && $(APT) install -y -qq $(SYSTEM_PACKAGES); fi

# Headless Chromium and its WebDriver for the review page tests; DejaVu and Liberation fonts for the
# images the tests and bench/url_scans.py render; LaTeX, LibreOffice and pandoc to typeset the
# born-digital PDFs of tests/documents.py.
system-test:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null \
	    || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] \
	    || [ ! -f /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ] \
	    || ! command -v pdflatex >/dev/null || ! kpsewhich lmodern.sty >/dev/null \
	    || ! command -v soffice >/dev/null || ! command -v pandoc >/dev/null; then \
	  $(APT) update -qq && $(APT) install -y -qq $(TEST_PACKAGES); fi

$(VENV)/.installed: pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV) \
	  || { $(APT) update -qq && $(APT) install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

lint: setup
	$(BIN)/ruff check pipeline tests bench scripts examples

bench: setup
	$(BIN)/python bench/ocr_speed.py
	$(BIN)/python bench/correct_speed.py
	$(BIN)/python bench/batch_speed.py
	$(BIN)/python bench/load_speed.py

# Regenerate the sample fiches of data/raw from the texts in scripts/samples/.
samples: setup
	$(BIN)/python scripts/make_samples.py

clean:
	rm -rf data/clean/*.json data/clean/.fiches*
