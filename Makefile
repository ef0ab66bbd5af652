# The README's two commands: `make demo` and `make test`. Both install what is missing first.
SWIFT ?= swift
APT_PACKAGES := libxml2-dev libzip-dev libsqlite3-dev libpoppler-glib-dev libxlsxwriter-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := .build/debug/formpipe

.PHONY: deps build demo test clean

# apt-get only for packages that are missing, so a prepared machine starts at once.
deps:
	@missing=""; \
	for package in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

# Processes the checked-in sample submissions with the checked-in pipeline.conf.
demo: build
	$(BIN) batch Samples
	@echo
	@echo "Store:   var/formpipe.sqlite   (formpipe status | formpipe export --format jsonl)"
	@echo "Reports: var/reports/"

test: build
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

clean:
	rm -rf .build var
