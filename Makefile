# Shortcuts for dev.py, which needs nothing but python3.
PYTHON ?= python3

.PHONY: run test bench lint load clean

run:
	$(PYTHON) dev.py run

test:
	$(PYTHON) dev.py test

bench:
	$(PYTHON) dev.py bench

lint:
	$(PYTHON) dev.py lint

load:
	$(PYTHON) dev.py run load

clean:
	rm -rf .venv var out
