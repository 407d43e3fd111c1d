# Two commands do everything: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export ORFO_DATA_DIR ?= $(CURDIR)/var
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install install-test system-deps test-system-deps dictionaries widget widget-check axe clean

demo: install dictionaries
	@# Private: the data dir holds the database and the secret key (docs/security.md).
	@mkdir -p "$(ORFO_DATA_DIR)" && chmod 700 "$(ORFO_DATA_DIR)"
	@[ -s "$(ORFO_DATA_DIR)/secret_key" ] || (umask 077 && $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > "$(ORFO_DATA_DIR)/secret_key")
	@ORFO_DEMO=1 SECRET_KEY_FILE="$(ORFO_DATA_DIR)/secret_key" $(BIN)/orfo demo
	@# Loopback reachable: the worker checks the demo articles on this very server.
	@ORFO_DEMO=1 ORFO_OUTBOUND_ALLOW_PRIVATE=127.0.0.1/32 SECRET_KEY_FILE="$(ORFO_DATA_DIR)/secret_key" exec $(BIN)/orfo serve --with-worker

test: install-test test-system-deps dictionaries axe
	$(BIN)/pytest $(PYTEST_ARGS)

# Debian packages the Python side needs: venv support (python3-venv on Debian).
system-deps:
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) apt-get install -y -q python3-venv; }

# Quiet: pip's progress and setuptools' warnings about editable installs (a
# Python warning in pip's build subprocess) are not what a newcomer needs to read.
PIP_QUIET := PYTHONWARNINGS=ignore PIP_DISABLE_PIP_VERSION_CHECK=1

$(BIN)/python: | system-deps
	@echo "Creating $(VENV) and installing Orfo into it (the first time only)…"
	@$(PYTHON) -m venv $(VENV)
	@$(PIP_QUIET) $(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@$(PIP_QUIET) $(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@$(PIP_QUIET) $(BIN)/pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# $(call ensure-debs,PACKAGE:FILE ...[,APT-FLAGS]) installs each Debian PACKAGE
# whose FILE is missing.
define ensure-debs
	@missing=""; for pair in $(1); do \
	  [ -e "$${pair#*:}" ] || missing="$$missing $${pair%%:*}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $(2) $$missing; fi
endef

# Hunspell dictionaries for correction suggestions (ru, kk, en), from Debian, and
# the Kazakh word list in Tesseract's data (which forms real text uses; the OCR
# program itself is not needed).
DICT_DEBS := hunspell-ru:/usr/share/hunspell/ru_RU.dic \
             hunspell-kk:/usr/share/hunspell/kk_KZ.dic \
             hunspell-en-us:/usr/share/hunspell/en_US.dic \
             tesseract-ocr-kaz:/usr/share/tesseract-ocr/5/tessdata/kaz.traineddata
dictionaries:
	$(call ensure-debs,$(DICT_DEBS),--no-install-recommends)

# Debian packages the tests need, each with a file that shows it is installed:
# Chromium drives the browser tests (Playwright never downloads a browser), gettext
# checks the translation catalogs; nginx, openssl and systemd check the files in
# deploy/ (tests/test_deploy.py: `nginx -t`, a request through nginx with a
# self-signed certificate, `systemd-analyze verify`).
TEST_DEBS := chromium:/usr/bin/chromium gettext:/usr/bin/msgfmt nginx:/usr/sbin/nginx \
             openssl:/usr/bin/openssl systemd:/usr/bin/systemd-analyze npm:/usr/bin/npm
test-system-deps:
	$(call ensure-debs,$(TEST_DEBS))

# axe-core (npm, pinned in tests/a11y/package-lock.json; Debian does not package
# it): tests/browser/test_accessibility.py loads it from disk into the test's
# Chromium, so the tests themselves never download anything.
AXE := tests/a11y/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE): tests/a11y/package-lock.json | test-system-deps
	cd tests/a11y && npm ci --no-audit --no-fund
	@touch $@

# The widget is built with esbuild (npm); the built files are committed.
widget:
	cd widget && npm ci --no-audit --no-fund && node build.mjs

widget-check:
	cd widget && npm ci --no-audit --no-fund && node build.mjs --check

clean:
	rm -rf $(VENV) "$(ORFO_DATA_DIR)" widget/node_modules tests/a11y/node_modules
