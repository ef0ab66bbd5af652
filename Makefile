# The README's two commands: `make demo` and `make test`. Both install what is missing first.
SWIFT ?= swift
APT_PACKAGES := libxml2-dev libzip-dev libsqlite3-dev libpoppler-glib-dev libpoppler-private-dev libxlsxwriter-dev pkg-config
# formpipe template --pdf, and the template tests' LibreOffice round trips and pictures:
APT_PACKAGES += libreoffice-writer-nogui fonts-noto-cjk poppler-utils
# Headless Chromium for the overview's screenshot test (ChromiumScreenshotTests) and `make screenshot`.
APT_PACKAGES += chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := .build/debug/formpipe

.PHONY: deps deps-legacy build install demo test accuracy screenshot bench bench-report clean

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

# LibreOffice alone, for an office machine that should read .doc and WPS files (convert_legacy, on by default).
deps-legacy:
	@dpkg-query -W -f='$${Status}' libreoffice-writer-nogui 2>/dev/null | grep -q "install ok installed" || \
		{ $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libreoffice-writer-nogui; }

build: deps
	$(SWIFT) build

# The blank forms, one .docx per schema, into var/templates/ (formpipe template FORM; --pdf for a fillable PDF).
.PHONY: templates
templates: build
	@mkdir -p var/templates
	@for schema in Schemas/*.schema.json; do form=$$(basename $$schema .schema.json); \
		$(BIN) template $$form --out var/templates/$$form.docx || exit 1; done

# A release binary on the PATH: formpipe then runs from anywhere (with --config /path/to/pipeline.conf).
PREFIX ?= /usr/local
install: deps
	$(SWIFT) build -c release --product formpipe
	install -d $(PREFIX)/bin
	install -m 0755 .build/release/formpipe $(PREFIX)/bin/formpipe
	@echo "Installed $(PREFIX)/bin/formpipe"

# Processes the checked-in sample submissions with the checked-in pipeline.conf.
demo: build
	$(BIN) batch Samples
	@echo
	@echo "Store:   var/formpipe.sqlite   (formpipe status | formpipe export --format jsonl)"
	@echo "Reports: var/reports/"

# The tests' temporary folders (stores, states, generated files) go to a folder of their own, removed
# afterwards whatever the outcome, so repeated runs do not fill /tmp.
test: build
	$(SWIFT) build --build-tests
	@scratch=$$(mktemp -d "$${TMPDIR:-/tmp}/formpipe-tests.XXXXXX") && \
	TMPDIR="$$scratch" $(SWIFT) test --skip-build; status=$$?; rm -rf "$$scratch"; exit $$status

# Scores formpipe on the dev set (forms made independently of this repository, with an answer key): a batch of
# its corpus and adversarial folders into a scratch state, the export, and ../shared/tools/score.py's table
# per form, container, layout and feature, its worst mismatches and its last line. The corpus is read in
# place (FORMPIPE_CORPUS moves it). `make test` holds the same run to the floors (DevSetAccuracyTests).
CORPUS ?= $(or $(FORMPIPE_CORPUS),../shared/corpus)
accuracy: build
	@test -d "$(CORPUS)/dev/corpus" || { echo "The dev set is not at $(CORPUS)/dev (set FORMPIPE_CORPUS)"; exit 1; }
	@state=$$(mktemp -d "$${TMPDIR:-/tmp}/formpipe-accuracy.XXXXXX") && \
	$(BIN) batch --state "$$state" "$(CORPUS)/dev/corpus" "$(CORPUS)/dev/adversarial" >/dev/null && \
	$(BIN) export --format jsonl --state "$$state" > "$$state/export.jsonl" && \
	echo "== dev set, corpus section (163 forms)" && \
	python3 "$(CORPUS)/../tools/score.py" "$$state/export.jsonl" --section corpus && \
	echo "== dev set, adversarial section" && \
	python3 "$(CORPUS)/../tools/score.py" "$$state/export.jsonl" --section adversarial | tail -n 1; \
	status=$$?; rm -rf "$$state"; exit $$status

# Renders the overview of the samples in headless Chromium at a laptop's width, for a person to look at:
# var/reports/overview.png. Chromium is not among APT_PACKAGES (it is large, and `make test` skips the
# screenshot test without it): apt-get install chromium fonts-noto-cjk.
CHROMIUM ?= chromium
screenshot: build
	@command -v $(CHROMIUM) >/dev/null || { echo "$(CHROMIUM) not found: apt-get install chromium fonts-noto-cjk"; exit 1; }
	$(BIN) batch Samples >/dev/null
	$(CHROMIUM) --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1366,3000 \
		--screenshot=$(CURDIR)/var/reports/overview.png file://$(CURDIR)/var/reports/overview.html 2>/dev/null
	@echo "Screenshot: var/reports/overview.png"

# The benchmark (README, Performance): release build; 1,000 then 10,000 generated submissions (80% .docx,
# 20% PDF, one PDF in ten fillable), each through the parse floor, batch, revalidate and report; then the
# same for .docx alone. Override the sizes with BENCH_SIZES="…".
BENCH_SIZES ?= 1000 10000
bench: deps
	$(SWIFT) build -c release
	@for n in $(BENCH_SIZES); do echo "== $$n submissions"; .build/release/formpipe-bench --files $$n || exit 1; done
	@echo "== 10000 .docx only"; .build/release/formpipe-bench --files 10000 --pdf-share 0

# Fills a store with 10,000 synthetic submissions and times `formpipe report` on it (release build).
bench-report: deps
	$(SWIFT) build -c release -Xswiftc -enable-testing --build-tests
	FORMPIPE_BENCH=1 FORMPIPE_BIN=$(CURDIR)/.build/release/formpipe \
		$(SWIFT) test -c release -Xswiftc -enable-testing --skip-build --filter ReportBenchmark

clean:
	rm -rf .build var
