# Two entry points: `make demo` (index the sample episodes and search them) and `make test`.
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/kb: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --quiet -e '.[test]'
	touch $(BIN)/kb

.PHONY: demo test
demo: $(BIN)/kb
	$(BIN)/kb index data
	$(BIN)/kb search 折旧 --limit 3

test: $(BIN)/kb
	$(BIN)/python -m pytest
