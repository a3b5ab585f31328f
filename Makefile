# CivilDesk. The README names these targets:
#   make demo   set everything up and start the platform with the demo province
#   make test   run the whole test suite
#   make setup  what `make demo` does, without starting servers
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: setup demo test lint typecheck format messages makemessages system-deps system-deps-test deps migrate check-deploy bench clean llm-server axe

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

deps: system-deps $(VENV)/.installed

system-deps:
	sh scripts/install-system-deps.sh runtime

system-deps-test:
	sh scripts/install-system-deps.sh test

messages: deps
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0

makemessages: deps
	$(BIN)/python manage.py makemessages -l vi -l en -l bn --ignore=.venv --ignore=var --no-obsolete

migrate: deps
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py createcachetable

setup: deps messages migrate
	$(BIN)/python manage.py load_demo

demo: setup
	$(BIN)/python scripts/run_demo.py --host $(HOST) --port $(PORT)

# llama.cpp's OpenAI-compatible server and a tiny model, for the tests of the
# assistant's optional generation seam (built once; minutes the first time).
llm-server: deps
	VENV=$(VENV) sh scripts/install-llm-server.sh

# axe-core for the accessibility checks of the browser tests (npm, into var/npm).
axe:
	sh scripts/install-axe.sh

test: deps system-deps-test messages llm-server axe
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: deps typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy with django-stubs on the `files` of [tool.mypy] in pyproject.toml.
typecheck: deps
	$(BIN)/mypy

format: deps
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-deploy: deps
	CIVILDESK_ENV=production DJANGO_SECRET_KEY=check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n') \
	  DJANGO_ALLOWED_HOSTS=civildesk.example.gov.vn $(BIN)/python manage.py check --deploy --fail-level WARNING

bench: deps
	$(BIN)/python bench/retrieval.py

clean:
	rm -rf $(VENV) var
