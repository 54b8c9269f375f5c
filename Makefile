# The ways in: `make run` opens the app, `make test` runs every check headless.
# Both set up .venv from nothing; only Python 3.11+ is needed beforehand.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Tests run in parallel, one worker a CPU (pytest-xdist); those that judge real time run
# alone afterwards (the `solo` mark). Exit code 5 is "no test selected" (PYTEST_ARGS=one file).
TEST_JOBS ?= auto

.PHONY: run test lint format translations bench package package-smoke clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

run: $(STAMP)
	@bash packaging/system-deps.sh runtime
	$(BIN)/inspector $(ARGS)

# lint-imports checks the layers written in pyproject.toml ([tool.importlinter]).
lint: $(STAMP)
	$(BIN)/ruff check inspector tests benchmarks packaging tools
	$(BIN)/ruff format --check inspector tests benchmarks packaging tools
	$(BIN)/lint-imports --no-cache

format: $(STAMP)
	$(BIN)/ruff check --fix inspector tests benchmarks packaging tools
	$(BIN)/ruff format inspector tests benchmarks packaging tools

# After changing user-visible strings: re-scan them into resources/translations/*.ts
# (translate the new ones with pyside6-linguist), then compile the .qm files.
translations: $(STAMP)
	$(BIN)/python -m tools.translations

test: $(STAMP)
	@bash packaging/system-deps.sh test
	$(MAKE) --no-print-directory lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(TEST_JOBS) --dist worksteal \
		-m "not solo" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m solo $(PYTEST_ARGS) || [ $$? -eq 5 ]

bench: $(STAMP)
	@bash packaging/system-deps.sh bench
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache

# The installable app: dist/inspector (one folder, with install.sh and the menu entry).
# PACKAGE_ARGS=--archive also writes dist/inspector-<version>-linux-<arch>.tar.gz.
package: $(STAMP)
	@bash packaging/system-deps.sh package
	@$(BIN)/python -c "import PyInstaller" 2>/dev/null || \
		$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[package]'
	$(BIN)/python packaging/build.py $(PACKAGE_ARGS)

# Runs the built app with no venv and an empty environment: --version, doctor, a 5 s record,
# the video decoded and played through the bundled Qt Multimedia, an evidence export, the
# window kept up 6 s. About 2 minutes with the build; see packaging/README.md.
package-smoke: package
	bash packaging/smoke_test.sh
