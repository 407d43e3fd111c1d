# Two commands do everything: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export ORFO_DATA_DIR ?= $(CURDIR)/var
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install install-test system-deps test-system-deps widget widget-check clean

demo: install
	@mkdir -p "$(ORFO_DATA_DIR)"
	@[ -s "$(ORFO_DATA_DIR)/secret_key" ] || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > "$(ORFO_DATA_DIR)/secret_key"
	ORFO_DEMO=1 SECRET_KEY_FILE="$(ORFO_DATA_DIR)/secret_key" $(BIN)/orfo demo
	ORFO_DEMO=1 SECRET_KEY_FILE="$(ORFO_DATA_DIR)/secret_key" exec $(BIN)/orfo serve

test: install-test test-system-deps
	$(BIN)/pytest $(PYTEST_ARGS)

# Debian packages the Python side needs: venv support (python3-venv on Debian).
system-deps:
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || { \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) apt-get install -y -q python3-venv; }

$(BIN)/python: | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Debian packages the tests need, each with a file that shows it is installed:
# Chromium drives the browser tests (Playwright never downloads a browser), gettext
# checks the translation catalogs.
TEST_DEBS := chromium:/usr/bin/chromium gettext:/usr/bin/msgfmt
test-system-deps:
	@missing=""; for pair in $(TEST_DEBS); do \
	  [ -e "$${pair#*:}" ] || missing="$$missing $${pair%%:*}"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $$missing; fi

# The widget is built with esbuild (npm); the built files are committed.
widget:
	cd widget && npm ci --no-audit --no-fund && node build.mjs

widget-check:
	cd widget && npm ci --no-audit --no-fund && node build.mjs --check

clean:
	rm -rf $(VENV) "$(ORFO_DATA_DIR)" widget/node_modules
