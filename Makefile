# tierledger — the commands a newcomer runs: `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/debug/tierledger

.PHONY: all deps build test demo torture bench fuzz clean

all: build

## deps: install what the build needs (libssl-dev, pkg-config, openssl) where missing
deps:
	@sh scripts/ensure-deps.sh

## build: debug build of the package and the tierledger command
build: deps
	$(SWIFT) build

## test: build and run every test suite
test: deps
	$(SWIFT) test

## demo: keys, a ledger, appends, verify, and a tampered copy that verify pinpoints
demo: build
	@sh scripts/demo.sh $(BIN)

## torture: kill -9 a busy writer 200 times (nothing acknowledged may be lost); 8 writers x 500 appends with busy readers
torture: deps
	TIERLEDGER_TORTURE_KILLS=$${TIERLEDGER_TORTURE_KILLS:-200} $(SWIFT) test --filter CrashTortureTests
	TIERLEDGER_STRESS_APPENDS=$${TIERLEDGER_STRESS_APPENDS:-500} $(SWIFT) test --filter ConcurrencyStressTests

## bench: ratios against this machine's own limits (BENCH_QUICK=1 for the 10k size only); bench/results.{json,md}
bench: deps
	$(SWIFT) build -c release --product tierledger-bench
	$(SWIFT) build -c release --product tierledger
	BENCH_QUICK=$(BENCH_QUICK) .build/release/tierledger-bench

## fuzz: libFuzzer on the entry codec, notes, proofs, YAML policies, usage CSV and the report renderers (FUZZ_SECONDS=60 each)
fuzz: deps
	FUZZ_SECONDS=$${FUZZ_SECONDS:-60} sh scripts/fuzz.sh

clean:
	rm -rf .build Fuzz/.build
