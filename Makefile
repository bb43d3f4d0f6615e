# Salon suite — see README.md.
.PHONY: demo demo-reset test bench venv sao lint

venv:
	@scripts/setup_venv.sh

sao:
	@scripts/setup_sao.sh

# The demo times itself from here: the install steps count too.
demo:
	@DEMO_STARTED=$$(date +%s) scripts/demo.sh

demo-reset:
	@DEMO_STARTED=$$(date +%s) scripts/demo.sh --reset

test: venv sao
	@scripts/test.sh

bench: venv
	@scripts/bench.sh

lint: venv
	@.venv/bin/python -m flake8 addons tests bench scripts || true
