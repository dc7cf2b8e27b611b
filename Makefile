# NovaGraph — `make` lists the targets.

GO        ?= go
BIN       := bin
MODULE    := github.com/novagraph/novagraph
THRIFT    ?= thrift
IDL_FILES := idl/graph.thrift idl/meta.thrift idl/raftex.thrift idl/storage.thrift
# FUZZTIME, when set (10m, 5s, 50000x), is every fuzz target's budget;
# unset, each runs its own count of inputs below. A count, unlike a duration,
# has no wall-clock deadline, so it dodges Go's fuzz-coordinator race that
# fails a clean run with "context deadline exceeded" on a loaded machine.
FUZZTIME  ?=
# Packages whose tests also run under the race detector.
RACE_PKGS := ./pkg/rpc/... ./pkg/graph/... ./pkg/meta/... ./pkg/storage/... ./pkg/raftex/...
# name:package:inputs of the fuzz targets run briefly by `make test`
# (FuzzServerInput opens sockets, so it gets fewer).
FUZZ      := FuzzParse:./pkg/ngql/parser:20000x FuzzFromThrift:./pkg/value:20000x \
	FuzzServerInput:./pkg/rpc:1000x FuzzRequestFrame:./pkg/rpc:20000x FuzzDecodeLog:./pkg/meta:20000x FuzzApplyCommand:./pkg/meta:20000x \
	FuzzRowReader:./pkg/kvstore:20000x FuzzParseKeys:./pkg/kvstore:20000x FuzzServerDecode:./pkg/raftex:20000x \
	FuzzEvalText:./pkg/ngql/eval:20000x FuzzDecodeDataSet:./pkg/value:20000x FuzzAppendDataSet:./pkg/value:20000x

.PHONY: help build test test-unit test-race fuzz run idl generate lint bench clean

help: ## list targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

build: ## build every daemon into bin/
	$(GO) build -o $(BIN)/ ./cmd/...

test: test-unit test-race fuzz ## everything CI runs: unit + integration tests, race detector, short fuzzing

test-unit:
	$(GO) test -count=1 -timeout 25m ./...

test-race:
	$(GO) test -count=1 -race $(RACE_PKGS)

fuzz: ## run each fuzz target briefly (its own input count, or FUZZTIME=10m for all)
	@for f in $(FUZZ); do \
		name=$${f%%:*}; rest=$${f#*:}; pkg=$${rest%%:*}; budget=$${rest#*:}; \
		[ -n "$(FUZZTIME)" ] && budget=$(FUZZTIME); \
		echo "fuzz $$name ($$pkg) for $$budget"; \
		$(GO) test -run='^$$' -fuzz="^$$name$$" -fuzztime=$$budget -fuzzminimizetime=100x $$pkg || exit 1; \
	done

REPLICAS ?= 1
run: build ## start a local cluster (metad, storaged, graphd; REPLICAS=3 for three of each); Ctrl-C stops it
	REPLICAS=$(REPLICAS) BIN=$(BIN) deploy/run-local.sh

IMAGE ?= novagraph:latest
.PHONY: image test-3rooms
image: ## build the FROM-scratch Docker image $(IMAGE) from static binaries (no image pulls)
	rm -rf $(BIN)/image && mkdir -p $(BIN)/image/bin $(BIN)/image/conf $(BIN)/image/data
	CGO_ENABLED=0 $(GO) build -buildvcs=auto -trimpath -tags timetzdata -ldflags '-s -w' -o $(BIN)/image/bin/ \
		./cmd/metad ./cmd/storaged ./cmd/graphd ./cmd/console
	cp deploy/conf/*.conf $(BIN)/image/conf/
	docker build -f deploy/Dockerfile -t $(IMAGE) $(BIN)/image

test-3rooms: image ## three machine rooms in Docker: lose one, keep serving, catch up (deploy/test-3rooms.sh)
	IMAGE=$(IMAGE) deploy/test-3rooms.sh

idl: ## regenerate Go from idl/*.thrift (needs thrift-compiler 0.17) and check it matches the committed code
	rm -rf idl/gen && mkdir -p idl/gen
	for f in $(IDL_FILES); do \
		$(THRIFT) -r --gen go:package_prefix=$(MODULE)/idl/gen/,skip_remote -out idl/gen $$f || exit 1; \
	done
	gofmt -w idl/gen
	git diff --exit-code --stat -- idl/gen

generate: ## regenerate the goyacc parser
	$(GO) generate ./pkg/ngql/...

lint: ## go vet + gofmt check
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

bench: ## run the benchmarks
	$(GO) test -run='^$$' -bench=. -benchmem ./...

clean:
	rm -rf $(BIN)

.PHONY: bench-compare
bench-compare: ## NovaGraph vs floors and peers on one generated graph (bench/compare.sh; VERTICES=, DURATION=, SYSTEMS=)
	bench/compare.sh

# Fault-tolerance suite (tests/chaos, docs/reliability.md): real daemons in network
# namespaces, needs root and iproute2. CHAOS_RUN picks scenarios (a go test
# -run pattern), CHAOS_DURATION how long each runs under faults.
CHAOS_RUN      ?= .
CHAOS_DURATION ?= 40s
CHAOS_CYCLES   ?= 5
CHAOS_SEEDS    ?= 20
CHAOS_REPORT   ?= $(BIN)/chaos-report.md
CHAOS_TIMEOUT  ?= 3h
.PHONY: chaos
chaos: build ## fault-tolerance scenarios (root; CHAOS_RUN=TestLeaderKill CHAOS_DURATION=5m ...); table in CHAOS_REPORT
	$(GO) test -tags chaos -count=1 -timeout $(CHAOS_TIMEOUT) -v -run '$(CHAOS_RUN)' ./tests/chaos \
		-args -chaos.bin=$(abspath $(BIN)) -chaos.duration=$(CHAOS_DURATION) -chaos.cycles=$(CHAOS_CYCLES) \
		-chaos.seeds=$(CHAOS_SEEDS) -chaos.report=$(abspath $(CHAOS_REPORT))
