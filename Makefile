# The README's two commands: `make demo` and `make test`. Both install what is missing first.
SWIFT ?= swift
APT_PACKAGES := libxml2-dev libzip-dev libsqlite3-dev libpoppler-glib-dev libpoppler-private-dev libxlsxwriter-dev pkg-config
# formpipe template --pdf, and the template tests' LibreOffice round trips and pictures:
APT_PACKAGES += libreoffice-writer-nogui fonts-noto-cjk poppler-utils
# Headless Chromium for the overview's screenshot test (ChromiumScreenshotTests) and `make screenshot`; its driver and Selenium
# for the portal's browser tests (PortalBrowserTests, tools/portal_browser_test.py).
APT_PACKAGES += chromium chromium-driver python3-selenium
# Scans and photos: Tesseract's C API with its Chinese language data (English beside it, Tesseract's default), and leptonica.
APT_PACKAGES += libtesseract-dev libleptonica-dev tesseract-ocr-chi-sim tesseract-ocr-eng
# libjpeg's headers, for the tests only (CJPEG: the CMYK JPEG of the hostile image tests); leptonica does not pull them in.
APT_PACKAGES += libjpeg-dev
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
BIN := .build/debug/formpipe
# The shared corpus, read in place (FORMPIPE_CORPUS moves it): `make accuracy` and the fuzz seeds.
CORPUS ?= $(or $(FORMPIPE_CORPUS),../shared/corpus)

.PHONY: deps deps-legacy build install demo test test-asan lint fuzz fuzz-build accuracy screenshot bench bench-portal bench-report clean

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
# OMP_THREAD_LIMIT: the tests OCR scans in their own process, where Tesseract's OpenMP threads only burn the
# cores the tests share (the workers get the limit from formpipe itself).
# `swift build --build-tests` builds formpipe itself too (the end-to-end tests run it), with testing enabled: a
# plain `swift build` first made it compile some 770 of its ~2,500 steps a second time, for nothing.
test: deps
	$(SWIFT) build --build-tests
	@scratch=$$(mktemp -d "$${TMPDIR:-/tmp}/formpipe-tests.XXXXXX") && \
	TMPDIR="$$scratch" OMP_THREAD_LIMIT=1 $(SWIFT) test --skip-build; status=$$?; rm -rf "$$scratch"; exit $$status

# The code's layout, as .swift-format sets it (swift-format ships with the toolchain): `swift format -i -r Sources
# Tests Package.swift` puts it right.
lint:
	$(SWIFT) format lint --strict -r Sources Tests Package.swift

# The whole suite under AddressSanitizer: formpipe's own targets rebuilt with it (the AddressSanitizer trait,
# Package.swift) in the same build folder, beside the packages it depends on as `make test` compiled them; the next
# `make test` or `make build` compiles formpipe's targets back without it. The end-to-end tests run the sanitised
# `formpipe` too (FORMPIPE_BIN), workers included: FORMPIPE_ASAN=1 tells the workers to skip their address-space
# limit (setrlimit), which ASan's shadow memory alone exceeds (FormPipeline/Isolation/ProcessingWorkerLoop).
# Leak checking is off: the Swift runtime's and poppler's caches live until exit.
# ASAN_SKIP: the tests whose work is done by another program — LibreOffice saving, printing and filling forms,
# Chromium driving the portal or drawing the overview — which ASan cannot see into; the plain run has them, and
# formpipe's reading of LibreOffice's and Word's files runs sanitised in the other tests. Run one at a time they take
# a quarter of the suite's time (168 of 609 s, plain).
ASAN_SKIP := TemplateRoundTripTests/the(SameAfterLibreOffice|FillablePdf)|TemplateLookTests/(eachBlankFormPrints|aPrefilledFillablePdf)|PortalBrowserTests/|ChromiumScreenshotTests/
test-asan: deps
	$(SWIFT) build --build-tests --traits AddressSanitizer
	@scratch=$$(mktemp -d "$${TMPDIR:-/tmp}/formpipe-tests.XXXXXX") && \
	TMPDIR="$$scratch" OMP_THREAD_LIMIT=1 FORMPIPE_ASAN=1 ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no \
		FORMPIPE_BIN=$(CURDIR)/.build/debug/formpipe \
		$(SWIFT) test --skip-build --traits AddressSanitizer --skip '$(ASAN_SKIP)'; \
	status=$$?; rm -rf "$$scratch"; exit $$status

# libFuzzer (docs/fuzzing.md): each harness in Sources/Fuzz/<Name> built with libFuzzer and ASan (.build-fuzz), then
# run FUZZ_SECONDS seconds on its seeds, read in place (Samples, Tests/Fixtures, the shared corpus, the inputs of
# earlier crashes in Tests/Fixtures/fuzz/<harness>); what it learns goes to .build-fuzz/corpus/<harness>, a crash to
# .build-fuzz/artifacts/<harness>/. Prints libFuzzer's final line per harness (executions, coverage, exec/s) and fails
# when any harness crashed, ran out of memory or hung. FUZZ_HARNESSES="docx pdf" runs some only.
FUZZ_SECONDS ?= 60
FUZZ_HARNESSES ?= docx docx-xml pdf json-schema validator config frames report
FUZZ_SCRATCH := .build-fuzz
# Past the readers' own limits (200 MiB inflated, a 10 s deadline in the harness) with ASan's overhead on top.
FUZZ_RSS_MB ?= 3072
FUZZ_TIMEOUT ?= 60
# SwiftPM hands swiftc one -sanitize= per sanitizer, in no fixed order, and swiftc keeps only the last: Swift code got
# either coverage or ASan, never both (C and C++ got both). The combined -Xswiftc flag comes last and wins. (Alone,
# without --sanitize, it leaves SwiftPM linking its own `main` and clashes with libFuzzer's.)
FUZZ_BUILD_FLAGS := --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
	--scratch-path $(FUZZ_SCRATCH)
fuzz_seeds = $(wildcard Tests/Fixtures/fuzz/$(1) Tests/Fixtures/fuzz/seeds/$(1)) $(wildcard $(2))
FUZZ_SEEDS_docx := $(call fuzz_seeds,docx,Samples $(CORPUS)/dev/corpus $(CORPUS)/dev/adversarial $(CORPUS)/dev-multi/corpus $(CORPUS)/realworld/docx)
# The main parts of the .docx seeds, unzipped into the scratch folder when unzip is there.
FUZZ_SEEDS_docx-xml := $(call fuzz_seeds,docx-xml,) $(FUZZ_SCRATCH)/seeds/docx-xml
FUZZ_SEEDS_pdf := $(call fuzz_seeds,pdf,Samples/pdf Tests/Fixtures/pdf $(CORPUS)/realworld/pdf $(CORPUS)/dev/corpus $(CORPUS)/dev/adversarial)
FUZZ_SEEDS_json-schema := $(call fuzz_seeds,json-schema,Schemas Samples/expected $(CORPUS)/JSON-Schema-Test-Suite/tests/draft2020-12)
FUZZ_SEEDS_validator := $(call fuzz_seeds,validator,Samples/expected)
FUZZ_SEEDS_config := $(call fuzz_seeds,config,)
FUZZ_SEEDS_frames := $(call fuzz_seeds,frames,)
FUZZ_SEEDS_report := $(call fuzz_seeds,report,Samples/expected)
# Whole files: a .docx or PDF cut short loses its zip directory or xref table.
FUZZ_OPTIONS_docx := -max_len=1048576
FUZZ_OPTIONS_pdf := -max_len=1048576
FUZZ_OPTIONS_config := -dict=Tests/Fixtures/fuzz/seeds/config.dict

fuzz-build: deps
	@for harness in $(FUZZ_HARNESSES); do \
		$(SWIFT) build --product fuzz-$$harness $(FUZZ_BUILD_FLAGS) 2>&1 | grep -v "ld.gold: warning: Cannot export local symbol"; \
		test "$${PIPESTATUS[0]}" = 0 || exit 1; \
	done

fuzz: SHELL := /bin/bash
fuzz-build: SHELL := /bin/bash
fuzz: fuzz-build
	@mkdir -p $(FUZZ_SCRATCH)/corpus/config $(FUZZ_SCRATCH)/seeds/docx-xml && cp pipeline.conf $(FUZZ_SCRATCH)/corpus/config/; \
	if command -v unzip >/dev/null; then \
		for file in $(wildcard Samples/*.docx $(CORPUS)/dev/corpus/*.docx $(CORPUS)/realworld/docx/*.docx); do \
			unzip -p "$$file" word/document.xml > $(FUZZ_SCRATCH)/seeds/docx-xml/$$(basename "$$file" .docx).xml 2>/dev/null; \
		done; \
	fi; \
	failed=""; \
	run_harness() { \
		harness=$$1; options=$$2; shift 2; \
		corpus=$(FUZZ_SCRATCH)/corpus/$$harness; artifacts=$(FUZZ_SCRATCH)/artifacts/$$harness/; log=$(FUZZ_SCRATCH)/logs/$$harness.log; \
		mkdir -p $$corpus $$artifacts $(FUZZ_SCRATCH)/logs; \
		echo "== fuzz-$$harness: $(FUZZ_SECONDS) s; seeds: $$*"; \
		SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 $(FUZZ_SCRATCH)/debug/fuzz-$$harness \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=$(FUZZ_RSS_MB) -timeout=$(FUZZ_TIMEOUT) -detect_leaks=0 \
			-artifact_prefix=$$artifacts $$options $$corpus "$$@" > $$log 2>&1; \
		status=$$?; \
		grep -E '^#[0-9]+[[:space:]]+DONE' $$log || tail -n 1 $$log; \
		if [ $$status != 0 ]; then \
			grep -E 'ERROR|Fatal error|fuzz property|Test unit written|^SUMMARY' $$log | head -n 20; \
			echo "fuzz-$$harness FAILED (exit $$status): the whole log is $$log"; failed="$$failed fuzz-$$harness"; \
		fi; \
	}; \
	$(foreach harness,$(FUZZ_HARNESSES),run_harness $(harness) "$(FUZZ_OPTIONS_$(harness))" $(FUZZ_SEEDS_$(harness));) \
	echo; \
	if [ -n "$$failed" ]; then echo "fuzz: FAILED:$$failed (inputs under $(FUZZ_SCRATCH)/artifacts/)"; exit 1; fi; \
	echo "fuzz: no crash in $(FUZZ_SECONDS) s per harness"

# Scores formpipe on the dev set (forms made independently of this repository, with an answer key): a batch of
# its corpus and adversarial folders into a scratch state, the export, and ../shared/tools/score.py's table
# per form, container, layout and feature, its worst mismatches and its last line. The corpus is read in
# place (FORMPIPE_CORPUS moves it). `make test` holds the same run to the floors (DevSetAccuracyTests).
accuracy: build
	@test -d "$(CORPUS)/dev/corpus" || { echo "The dev set is not at $(CORPUS)/dev (set FORMPIPE_CORPUS)"; exit 1; }
	@state=$$(mktemp -d "$${TMPDIR:-/tmp}/formpipe-accuracy.XXXXXX") && \
	$(BIN) batch --state "$$state" "$(CORPUS)/dev/corpus" "$(CORPUS)/dev/adversarial" >/dev/null && \
	$(BIN) export --format jsonl --state "$$state" > "$$state/export.jsonl" && \
	echo "== dev set, corpus section (163 forms)" && \
	python3 "$(CORPUS)/../tools/score.py" "$$state/export.jsonl" --section corpus && \
	echo "== dev set, adversarial section" && \
	python3 "$(CORPUS)/../tools/score.py" "$$state/export.jsonl" --section adversarial | tail -n 1 && \
	if [ -d "$(CORPUS)/dev-scanned/corpus" ]; then \
		$(BIN) batch --state "$$state/scanned" "$(CORPUS)/dev-scanned/corpus" >/dev/null && \
		$(BIN) export --format jsonl --state "$$state/scanned" > "$$state/scanned.jsonl" && \
		echo "== scanned dev set (40 scans and photos, read by OCR)" && \
		python3 "$(CORPUS)/../tools/score.py" "$$state/scanned.jsonl" --expected "$(CORPUS)/dev-scanned/expected.jsonl" \
			--root "$(CORPUS)/dev-scanned" | sed -n '/^section:corpus/p;/^container:/p;/^fields:/,/^errors:/p'; \
	fi; \
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
	@if [ -d "$(CORPUS)/dev-scanned/corpus" ]; then echo "== scanned dev set (OCR)"; \
		python3 tools/bench_scanned.py .build/release/formpipe "$(CORPUS)/dev-scanned/corpus"; fi

# Fills a store with 10,000 synthetic submissions and times `formpipe report` on it (release build).
# The portal under load (loopback, bounded): formpipe-bench's 10,000 files, 9,000 taken in by batch and 1,000 handed
# in by 20 branch accounts side by side, each request timed (tools/portal_load.py; figures in docs/performance.md).
bench-portal: deps
	$(SWIFT) build -c release
	.build/release/formpipe-bench --files 10000 --work /tmp/formpipe-portal-corpus --keep > /dev/null
	/usr/bin/python3 tools/portal_load.py --binary .build/release/formpipe --inbox /tmp/formpipe-portal-corpus/inbox \
		--work /tmp/formpipe-portal-load; status=$$?; rm -rf /tmp/formpipe-portal-corpus /tmp/formpipe-portal-load; exit $$status

bench-report: deps
	$(SWIFT) build -c release -Xswiftc -enable-testing --build-tests
	FORMPIPE_BENCH=1 FORMPIPE_BIN=$(CURDIR)/.build/release/formpipe \
		$(SWIFT) test -c release -Xswiftc -enable-testing --skip-build --filter ReportBenchmark

clean:
	rm -rf .build $(FUZZ_SCRATCH) var
