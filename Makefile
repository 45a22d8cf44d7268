# The README's two commands: `make serve` and `make test`. Each bootstraps what it needs.
.PHONY: serve test lint typecheck bench

serve:
	./poste serve

test:
	scripts/test

lint:
	scripts/bootstrap python && .venv/bin/ruff check . && .venv/bin/ruff format --check .

typecheck:
	scripts/bootstrap python && .venv/bin/mypy

bench:
	scripts/bootstrap python node audio && PYTHONPATH=src:. .venv/bin/python -m bench
