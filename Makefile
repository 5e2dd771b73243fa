# Two commands for a fresh Debian/Ubuntu machine (see README):
#   make demo   set everything up and start the app (its demo call when no call is going on)
#   make test   set everything up and run the whole test suite
.PHONY: demo test setup

demo: setup
	scripts/demo.sh

test: setup
	scripts/test.sh

setup:
	scripts/setup.sh
