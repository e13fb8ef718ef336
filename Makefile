# Two entry points: `make demo` (index the sample episodes and serve the search page on them)
# and `make test`. Both install exactly what requirements.lock pins, checking every hash;
# `make lock` refreshes it after a change to the dependencies in pyproject.toml.
VENV := .venv
BIN := $(VENV)/bin

$(BIN)/kb: pyproject.toml requirements.lock
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --quiet --no-deps --no-build-isolation -e .
	touch $(BIN)/kb

.PHONY: demo test lock
demo: $(BIN)/kb
	$(BIN)/kb index data
	@echo "Search the sample episodes on http://127.0.0.1:5000/ (Ctrl-C stops the server)"
	$(BIN)/kb serve

test: $(BIN)/kb
	$(BIN)/python -m pytest

# One resolution for every supported Python (3.10 and later) and platform, with the hashes of
# every file; setuptools, which builds kb itself, is pinned with the rest.
lock:
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --quiet 'uv>=0.9,<1'
	echo 'setuptools>=68' | $(BIN)/uv pip compile pyproject.toml - --extra test --universal \
	    --python-version 3.10 --generate-hashes --quiet --custom-compile-command 'make lock' \
	    --output-file requirements.lock
