# hubd. Two commands do everything on a fresh machine:
#   make run    build and serve on the embedded PostgreSQL (data in ./.hubd)
#   make test   the linters and the whole suite with -race on a throwaway PostgreSQL
GO      ?= go
PKGS    := ./...
BIN     := bin/hubd
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

# golangci-lint is a tool, not a module dependency (it is not in go.mod): `make lint` installs
# this version with go install into TOOLS_BIN when it is missing, another version, or built by
# another Go (it refuses code newer than its compiler).
GOLANGCI_LINT_VERSION := 2.15.0
TOOLS_BIN             ?= $(CURDIR)/bin/tools
GOLANGCI_LINT         := $(TOOLS_BIN)/golangci-lint

.PHONY: all build run test lint golangci-lint fmt fuzz bench gobench soak pg-binaries pgrouting web-vendor clean

all: build

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/hubd

## run: serve on the embedded PostgreSQL, installing its server binaries first when missing; on
## loopback (127.0.0.1:8080) unless HUBD_HTTP_ADDR says otherwise, so that the console's dev
## sign-in (POST /dev/token) is on and nothing outside this machine reaches the dev secret's tokens
run: pg-binaries build
	HUBD_HTTP_ADDR="$${HUBD_HTTP_ADDR:-127.0.0.1:8080}" ./$(BIN) serve

## test: formatting, vet and the whole suite with the race detector, on a real PostgreSQL, the
## console's tests in headless Chromium
test: pg-binaries chromium pgrouting lint
	$(GO) test -race -count=1 -timeout 20m $(PKGS)

## lint: gofmt, go vet and golangci-lint (.golangci.yml) must be clean
lint: golangci-lint
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GOLANGCI_LINT) run $(PKGS)

## golangci-lint: install the pinned golangci-lint into TOOLS_BIN unless it is there already
golangci-lint:
	@want="golangci-lint has version $(GOLANGCI_LINT_VERSION) built with $$($(GO) env GOVERSION) "; \
	if ! "$(GOLANGCI_LINT)" version 2>/dev/null | grep -qF "$$want"; then \
		echo "installing golangci-lint v$(GOLANGCI_LINT_VERSION) into $(TOOLS_BIN)"; \
		rm -f "$(GOLANGCI_LINT)" && \
		GOBIN="$(TOOLS_BIN)" $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v$(GOLANGCI_LINT_VERSION) && \
		"$(GOLANGCI_LINT)" version; \
	fi

fmt:
	gofmt -w $$(git ls-files '*.go')

## fuzz: run each fuzz target for FUZZTIME (default 5m); findings land in testdata/fuzz
FUZZTIME ?= 5m
fuzz:
	for f in FuzzSearchQuery FuzzCreateBody FuzzPatchBody FuzzStrictJSON; do \
		$(GO) test ./internal/interfaces/httpapi/ -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) || exit 1; \
	done
	$(GO) test ./internal/interfaces/httpapi/hubapi/ -run '^$$' -fuzz '^FuzzHubBodies$$' -fuzztime $(FUZZTIME)

## bench: the benchmark report (1,000,000 hubs, closed-loop HTTP load vs pgbench, CPU per request);
## figures land in $(HUBD_DATA_DIR)/bench (default ./.hubd/bench); the paths (g, h) in a second run on the
## 10,000-hub network beside 1,000 others (BENCH_NET_FLAGS). BENCH_FLAGS="-hubs 100000 -duration 5s"
## for a quick one.
bench: pg-binaries pgrouting
	$(GO) run ./cmd/hubd-load bench -scenarios a,b,c,d,e,f-page0,f-offset,f-cursor,depth,i,j $(BENCH_FLAGS)
	$(GO) run ./cmd/hubd-load bench -hubs 1000 -scenarios g-km,g-min,h-path,h-row $(BENCH_NET_FLAGS)

## soak: 3 minutes of open-loop mixed reads and writes at a fixed rate against a fresh service; fails
## on any error or on memory that keeps growing. SOAK_FLAGS="-duration 30s" for a short one.
soak: pg-binaries
	$(GO) run ./cmd/hubd-load soak $(SOAK_FLAGS)

## gobench: the in-process Go benchmarks of the search path (builder, repository, HTTP)
gobench: pg-binaries
	$(GO) test -run '^$$' -bench . -benchmem ./internal/infrastructure/postgres/ ./internal/interfaces/httpapi/

# APT_INSTALL, followed by package names, installs them from Debian's archive (with sudo unless
# root): the shell step of pg-binaries and chromium.
APT_INSTALL = sudo=""; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
	DEBIAN_FRONTEND=noninteractive $$sudo apt-get update -q && \
	DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -q --no-install-recommends

## pg-binaries: install Debian's PostgreSQL server package when no initdb is installed
pg-binaries:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null; then \
		:; \
	else \
		echo "PostgreSQL server binaries missing: installing the postgresql package"; \
		$(APT_INSTALL) postgresql; \
	fi

## chromium: install Debian's Chromium when no chromium is on PATH: the console's browser tests
## (cmd/hubd, chromedp) drive it headless, and fail without it; and a Korean font when none is
## installed, so that the tests' screenshots show the Korean labels rather than empty boxes
.PHONY: chromium
chromium:
	@if command -v chromium >/dev/null || command -v chromium-browser >/dev/null; then \
		:; \
	else \
		echo "Chromium missing: installing the chromium package (for the console's browser tests)"; \
		$(APT_INSTALL) chromium; \
	fi
	@if [ -n "$$(fc-list :lang=ko 2>/dev/null)" ]; then \
		:; \
	else \
		echo "No Korean font: installing fonts-nanum (for the console's screenshots)"; \
		$(APT_INSTALL) fonts-nanum; \
	fi

## pgrouting: install pgRouting for the installed PostgreSQL when missing: the bench's baseline for
## paths (CREATE EXTENSION in the bench's throwaway database, never in a migration), which
## cmd/hubd-load's tests check too, so make test needs it
pgrouting: pg-binaries
	@v=$$(ls /usr/lib/postgresql | sort -n | tail -1); \
	if [ ! -f /usr/share/postgresql/$$v/extension/pgrouting.control ]; then \
		echo "pgRouting missing: installing postgresql-$$v-pgrouting"; \
		$(APT_INSTALL) postgresql-$$v-pgrouting; \
	fi

## web-vendor: refresh internal/interfaces/console/third_party from npm at the pinned versions
## (swagger-ui-dist, axe-core, world-atlas; see its README) and remake the map's korea.json; needs npm
web-vendor:
	sh internal/interfaces/console/third_party/vendor.sh

clean:
	rm -rf bin
