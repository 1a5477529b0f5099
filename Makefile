# Claimdesk: `make run` starts the app with demo data, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PROJECT_STAMP := $(VENV)/.installed-project
BENCH_STAMP := $(VENV)/.installed-bench
HOST ?= 127.0.0.1
PORT ?= 8501

.PHONY: install run test lint bench clean-venv

# The venv is (re)built when missing or older than requirements.txt; a second call is instant.
$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

# The project itself, editable, so that `.venv/bin/claimdesk` runs this checkout's code.
$(PROJECT_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(PROJECT_STAMP)

install: $(STAMP) $(PROJECT_STAMP)

run: install
	$(PY) -m checks seed-demo
	$(PY) -m streamlit run app.py --server.address $(HOST) --server.port $(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: lint
	$(PY) -m pytest -q

$(BENCH_STAMP): $(STAMP) requirements-bench.txt
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-bench.txt
	@touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(PY) -m bench.run

clean-venv:
	rm -rf $(VENV)
