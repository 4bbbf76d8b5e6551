# innoscore — build, test and demo the WebAssembly scoring engine.
# `make help` lists the targets.  Needs GNU make.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

# npm's global bin first (binaryen@132's wasm-opt, used by wasm-pack; never
# Debian's binaryen 108), then cargo's bin (wasm-pack, wasm-bindgen).
NPM_PREFIX := $(shell npm prefix -g 2>/dev/null)
CARGO_HOME ?= $(HOME)/.cargo
export PATH := $(if $(NPM_PREFIX),$(NPM_PREFIX)/bin:)$(CARGO_HOME)/bin:$(PATH)

# Debian's chromedriver: wasm-pack must not try to download one.
CHROMEDRIVER ?= /usr/bin/chromedriver
export CHROMEDRIVER

PORT ?= 8080
# The JavaScript API for scripts in pkg/, the widget for pages in pkg/widget/, readText in
# pkg/text/, workbooks in pkg/workbook/ (Cargo features api, widget, text and workbook): none
# loads another's code.
PKG         := pkg
WASM        := $(PKG)/innoscore_bg.wasm
JS          := $(PKG)/innoscore.js
WIDGET      := $(PKG)/widget
WIDGET_WASM := $(WIDGET)/innoscore_widget_bg.wasm
WIDGET_JS   := $(WIDGET)/innoscore_widget.js
TEXT        := $(PKG)/text
TEXT_WASM   := $(TEXT)/innoscore_text_bg.wasm
TEXT_JS     := $(TEXT)/innoscore_text.js
WORKBOOK      := $(PKG)/workbook
WORKBOOK_WASM := $(WORKBOOK)/innoscore_workbook_bg.wasm
WORKBOOK_JS   := $(WORKBOOK)/innoscore_workbook.js

.PHONY: help setup setup-build setup-browser build demo test e2e bench size clean

help: ## list the targets
	@echo "innoscore make targets:"
	@grep -E '^[a-z][a-z-]*:.*## ' $(firstword $(MAKEFILE_LIST)) \
	  | awk 'BEGIN { FS = ":.*## " } { printf "  %-14s %s\n", $$1, $$2 }'

setup: ## install every missing tool (Rust wasm target, wasm-pack, wasm-opt, wasm-bindgen-cli, chromium)
	bash scripts/setup.sh

setup-build: ## install only the build tools
	bash scripts/setup.sh build

setup-browser: ## install only chromium + chromium-driver
	bash scripts/setup.sh browser

build: setup-build ## wasm-pack release builds for the web: the API into pkg/, the widget into pkg/widget/, readText into pkg/text/, workbooks into pkg/workbook/
	@echo "==> wasm-pack build: the JavaScript API for scripts (release at opt-level 3, --target web, into $(PKG)/)"
	@# the engine of the analyses is built for speed: a page loads it only when asked (see README, Size)
	CARGO_PROFILE_RELEASE_OPT_LEVEL=3 wasm-pack build --target web --release --out-dir $(PKG) -- --no-default-features --features api
	@echo "==> wasm-pack build: the widget for pages (release, --target web, into $(WIDGET)/)"
	wasm-pack build --target web --release --out-dir $(WIDGET) --out-name innoscore_widget -- --no-default-features --features widget
	@echo "==> wasm-pack build: readText, for files not in UTF-8 (release, --target web, into $(TEXT)/)"
	wasm-pack build --target web --release --out-dir $(TEXT) --out-name innoscore_text -- --no-default-features --features text
	@echo "==> wasm-pack build: readWorkbook and writeWorkbook, Excel workbooks in and out (release, --target web, into $(WORKBOOK)/)"
	wasm-pack build --target web --release --out-dir $(WORKBOOK) --out-name innoscore_workbook -- --no-default-features --features workbook
	@echo "==> locale tables the widget loads when a language is chosen (pkg/locales/)"
	mkdir -p $(PKG)/locales && cp locales/*.json $(PKG)/locales/
	@echo "==> terser: minify the JS glue (its doc comments stay in the .d.ts files)"
	for js in $(JS) $(WIDGET_JS) $(TEXT_JS) $(WORKBOOK_JS); do terser "$$js" --module --compress --mangle --output "$$js.min" && mv "$$js.min" "$$js"; done
	@echo "==> the element and the API for pages, minified into pkg/ beside what they load (what a portal copies)"
	for js in inno-scorecard.js innoscore-api.js innoscore-worker.js; do sed 's#\./pkg/#./#g' "www/$$js" | terser --module --compress --mangle --output "$(PKG)/$$js"; done
	@echo "==> gzip and brotli copies beside each file, for servers that send them precompressed"
	node scripts/precompress.mjs $(PKG)

demo: build ## build, then serve www/ + pkg/ on http://127.0.0.1:8080/ (PORT=... to change)
	@echo "==> demo: open http://127.0.0.1:$(PORT)/  (Ctrl-C to stop)"
	python3 scripts/serve.py $(PORT)

test: setup ## native tests, wasm tests in headless Chromium, then e2e (when present)
	@echo "==> native tests (cargo test)"
	cargo test
	@echo "==> wasm tests (wasm-pack test --headless --chrome, tests/web.rs)"
	wasm-pack test --headless --chrome --chromedriver "$(CHROMEDRIVER)" -- --test web
	@echo "==> JS API example in Node (examples/score.mjs, on the release build)"
	$(MAKE) --no-print-directory build
	node examples/score.mjs
	@echo "==> TypeScript declarations (tests/types: a correct script type-checks, mistakes do not)"
	cd tests/types && { [ -d node_modules/typescript ] || npm ci --no-audit --no-fund; } && npm test
	@# e2e hook: the browser end-to-end suite lives in tests/e2e/ and is only
	@# run once tests/e2e/package.json exists (it is added in a later issue).
	@if [ -f tests/e2e/package.json ]; then \
	  echo "==> e2e tests (tests/e2e)"; \
	  $(MAKE) --no-print-directory e2e; \
	else \
	  echo "==> e2e tests skipped: tests/e2e/package.json does not exist yet"; \
	fi

e2e: build setup-browser ## browser end-to-end suite in tests/e2e (npm test)
	@test -f tests/e2e/package.json || { echo "make e2e: tests/e2e/package.json not found" >&2; exit 1; }
	@echo "==> e2e: npm install + npm test in tests/e2e"
	cd tests/e2e && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
	cd tests/e2e && CHROMIUM_BIN=/usr/bin/chromium CHROMEDRIVER="$(CHROMEDRIVER)" npm test

bench: build ## benchmarks: criterion natively (cargo bench), the wasm build under Node and in Chromium, then the goals table
	@echo "==> China's counties, generated from a seed (scripts/gen-county.mjs, into target/county/)"
	node scripts/gen-county.mjs --seed 1 --out target/county
	@echo "==> cargo bench (criterion, native)"
	cargo bench --bench engine
	@echo "==> wasm under Node (scripts/bench-wasm.mjs)"
	node scripts/bench-wasm.mjs 1000
	@echo "==> wasm in headless Chromium (scripts/bench-browser.mjs)"
	$(MAKE) --no-print-directory setup-browser
	cd tests/e2e && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund; }
	node scripts/bench-browser.mjs 1000
	@echo "==> the goals, against what was measured (scripts/bench-report.mjs)"
	node scripts/bench-report.mjs

size: build ## gzip -9 sizes of what a page first downloads (widget wasm, JS glue, element) against the 250 KB budget
	@echo "==> size of what a page that embeds the widget downloads"
	@total=0; for f in $(WIDGET_WASM) $(WIDGET_JS) $(PKG)/inno-scorecard.js; do \
	  raw=$$(wc -c < "$$f"); gz=$$(gzip -9 -c "$$f" | wc -c); total=$$((total + gz)); \
	  printf '%-38s raw %9d B   gzip -9 %9d B\n' "$$f" "$$raw" "$$gz"; \
	done; \
	printf '%-38s                  gzip -9 %9d B   (budget: at most 250000 B)\n' "total" "$$total"
	@echo "==> size of what a script that uses the API downloads"
	@total=0; for f in $(WASM) $(JS); do \
	  raw=$$(wc -c < "$$f"); gz=$$(gzip -9 -c "$$f" | wc -c); total=$$((total + gz)); \
	  printf '%-38s raw %9d B   gzip -9 %9d B\n' "$$f" "$$raw" "$$gz"; \
	done; \
	printf '%-38s                  gzip -9 %9d B\n' "total" "$$total"
	@echo "==> size of what a page downloads when a file is not UTF-8 (readText)"
	@for f in $(TEXT_WASM) $(TEXT_JS); do \
	  printf '%-38s raw %9d B   gzip -9 %9d B\n' "$$f" "$$(wc -c < "$$f")" "$$(gzip -9 -c "$$f" | wc -c)"; \
	done
	@echo "==> size of what a page downloads when it first reads or writes a workbook"
	@for f in $(WORKBOOK_WASM) $(WORKBOOK_JS); do \
	  printf '%-38s raw %9d B   gzip -9 %9d B\n' "$$f" "$$(wc -c < "$$f")" "$$(gzip -9 -c "$$f" | wc -c)"; \
	done

clean: ## cargo clean and remove pkg/
	cargo clean
	rm -rf $(PKG)
