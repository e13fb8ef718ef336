# Two entry points: `make demo` (index the sample episodes and serve the search page on them)
# and `make test`.
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
	@echo "Search the sample episodes on http://127.0.0.1:5000/ (Ctrl-C stops the server)"
	$(BIN)/kb serve

test: $(BIN)/kb
	$(BIN)/python -m pytest
