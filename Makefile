# The policy widget. `make run` serves it on http://127.0.0.1:8000,
# `make test` installs what a fresh machine lacks and runs every test.

GO        ?= go
ADDR      ?= 127.0.0.1:8000
GOFLAGS   := -trimpath -buildvcs=false -ldflags=-s\ -w
WASM      := web/app.wasm
BIN       := bin/policy
EXAMPLE_WASM := cmd/example/web/app.wasm
EXAMPLE_BIN  := bin/example
FLOOR_WASM   := cmd/floor/web/app.wasm
FLOOR_BIN    := bin/floor
# Cold loads per page in the browser benchmark (make bench BENCH_N=15).
BENCH_N      ?= 7
SOURCES   := $(shell find app cmd policies web -type f \( -name '*.go' -o -name '*.md' \) -not -path '*/node_modules/*') go.mod go.sum
# Files the native builds embed besides Go sources: web/ and the service worker.
ASSETS    := $(shell find web app/server -type f -not -name '*.go' -not -name 'app.wasm*' -not -path '*/testdata/*' -not -path '*/screenshots/*')

.PHONY: all run build check test vet deps bench loadtest fuzz clean

all: build

## run: build and serve the widget on http://$(ADDR)
run: build
	$(BIN) serve -addr $(ADDR)

## build: the WebAssembly client, the server, and a check of every policy
build: $(BIN) $(EXAMPLE_BIN)
	$(BIN) check

# The policies parsed, for the client: it reads them from this JSON and so
# carries no Markdown parser. The server refuses to start when it is stale.
DOCS := policies/documents.go
$(DOCS): $(wildcard policies/*.md) $(shell find app/policy -name '*.go' -not -name '*_test.go')
	$(GO) generate ./policies

# The client: one main, built for the browser. Server code stays out of it
# (files tagged !wasm).
$(WASM): $(SOURCES) $(DOCS)
	GOOS=js GOARCH=wasm $(GO) build $(GOFLAGS) -o $@ ./cmd/policy

# Its brotli and gzip forms, at the highest levels, once per build rather
# than at every server start.
$(WASM).br: $(WASM)
	$(GO) run $(GOFLAGS) ./cmd/precompress $(WASM)

# The server embeds web/ (app.wasm and its compressed forms included) and
# policies/.
$(BIN): $(WASM).br $(ASSETS) $(SOURCES) $(DOCS)
	@mkdir -p $(dir $@)
	$(GO) build $(GOFLAGS) -o $@ ./cmd/policy

# The example app: another go-app v9 app mounting the widget's component.
$(EXAMPLE_WASM): $(SOURCES) $(DOCS)
	GOOS=js GOARCH=wasm $(GO) build $(GOFLAGS) -o $@ ./cmd/example

# It embeds its own client and the widget's web.FS (for the styles).
$(EXAMPLE_BIN): $(EXAMPLE_WASM) $(WASM).br $(ASSETS) $(SOURCES) $(wildcard cmd/example/web/*.css)
	@mkdir -p $(dir $@)
	$(GO) build $(GOFLAGS) -o $@ ./cmd/example

# The floor of the browser benchmark: an empty go-app v9 app, built with the
# same Go and flags as the widget's client and served with the same brotli.
$(FLOOR_WASM): $(wildcard cmd/floor/*.go) go.mod go.sum
	GOOS=js GOARCH=wasm $(GO) build $(GOFLAGS) -o $@ ./cmd/floor

$(FLOOR_WASM).br: $(FLOOR_WASM)
	$(GO) run $(GOFLAGS) ./cmd/precompress $(FLOOR_WASM)

$(FLOOR_BIN): $(FLOOR_WASM).br $(wildcard cmd/floor/*.go cmd/floor/web/*.svg) go.mod go.sum
	@mkdir -p $(dir $@)
	$(GO) build $(GOFLAGS) -o $@ ./cmd/floor

## deps: install what the tests need and a fresh machine lacks
deps:
	$(GO) mod download
	bash cmd/internal/browsertest/install-deps.sh

# The scripts that node --check parses: the pages' and the service worker
# (a template whose placeholders stand in valid JavaScript).
JS := $(wildcard web/*.js) app/server/worker.js app/server/appstart.js

## vet: gofmt, go vet for both builds, and node --check of the JavaScript
vet:
	@out=$$(gofmt -l app cmd policies web); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./cmd/... ./app/ui/... ./app/policy/... ./app/site/... ./app/api/...
	@command -v node >/dev/null || { echo "node is missing: make deps installs it"; exit 1; }
	@for f in $(JS); do node --check $$f || exit 1; done; echo "node --check $(JS)"

## test: every test, browser tests included (a missing browser fails them; a
## missing Node.js fails the worker tests when CI is set, and vet always)
test: deps build vet
	POLICY_BIN=$(CURDIR)/$(BIN) EXAMPLE_BIN=$(CURDIR)/$(EXAMPLE_BIN) $(GO) test -count=1 -timeout 20m ./...

## fuzz: run each fuzz target for FUZZTIME (default 60s), one after another
# The packages with fuzz targets are found by their "func Fuzz…" lines, and
# `go test -list` names the targets of each, so a new target needs no line
# here. Their seed corpora (testdata/fuzz/) run in `make test` as plain tests.
FUZZTIME  ?= 60s
FUZZ_PKGS ?= $(sort $(patsubst %/,./%,$(dir $(shell grep -rl --include='*_test.go' '^func Fuzz' app cmd policies web))))
fuzz:
	@set -e; for pkg in $(FUZZ_PKGS); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

## bench: benchmarks, with ratios against baselines measured in the same run
# Each benchmark X/baseline is the plain tool (goldmark alone, go-app's own
# handler); every X/<variant> is printed as a ratio of its time to it.
# Then cmd/bench: the browser benchmark (Chromium; the static page from
# nginx and the empty go-app app bin/floor as baselines) and the HTTP one
# (wrk against nginx on the same bytes), and the benchmark of versions
# (the site built with 20 and 120 earlier versions of /privacy against the
# one without: start, memory, first visit, app.wasm). A few minutes; see
# the README.
bench: build $(FLOOR_BIN)
	@mkdir -p bin
	$(GO) test -run '^$$' -bench . -benchmem ./app/... | tee bin/bench.txt
	@echo; echo "time per op as a ratio of the baseline measured in the same run (lower is faster):"
	@awk '/^Benchmark/ { name = $$1; sub(/-[0-9]+$$/, "", name); key = name; sub(/\/[^\/]*$$/, "", key); \
		if (name ~ /\/baseline$$/) base[key] = $$3; else if (key != name) { order[++n] = name; ns[name] = $$3; of[name] = key } } \
		END { for (i = 1; i <= n; i++) { k = of[order[i]]; if (k in base) printf "  %-42s %10.4fx  (%s vs %s ns/op)\n", order[i], ns[order[i]] / base[k], ns[order[i]], base[k] } }' bin/bench.txt
	$(GO) run ./cmd/bench -n $(BENCH_N) -policy $(BIN) -floor $(FLOOR_BIN)

## loadtest: 256 connections for 20 s against a real bin/policy serve: no errors, p99 per URL, memory
loadtest: build
	$(GO) run ./cmd/loadtest -policy $(BIN)

clean:
	rm -rf bin $(WASM) $(WASM).br $(WASM).gz $(EXAMPLE_WASM) $(FLOOR_WASM) $(FLOOR_WASM).br $(FLOOR_WASM).gz
