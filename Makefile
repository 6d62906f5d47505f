# tierledger — the commands a newcomer runs: `make demo` and `make test`.
SWIFT ?= swift
BIN := .build/debug/tierledger

.PHONY: all deps postgres browser build test demo portal torture bench bench-server bench-count fuzz clean

all: build

## deps: install what the build needs (libssl-dev, pkg-config, openssl) where missing
deps:
	@sh scripts/ensure-deps.sh

## build: debug build of the package and the tierledger command
build: deps
	$(SWIFT) build

## test: build and run every test suite; the PostgreSQL store's tests start a throwaway cluster and
##       must run (TIERLEDGER_REQUIRE_POSTGRES=1: a cluster that cannot start fails them, never skips);
##       so must the API fuzzing with schemathesis (TIERLEDGER_REQUIRE_SCHEMATHESIS=1) and the browser tests in
##       headless Chromium (TIERLEDGER_REQUIRE_BROWSER=1)
test: deps postgres browser
	TIERLEDGER_REQUIRE_POSTGRES=1 TIERLEDGER_REQUIRE_SCHEMATHESIS=1 TIERLEDGER_REQUIRE_BROWSER=1 $(SWIFT) test

## postgres: install the PostgreSQL server (Debian's postgresql package) where missing, for the tests
postgres:
	@sh scripts/ensure-postgres.sh

## browser: install headless Chromium and chromedriver (Debian's chromium, chromium-driver), Selenium and axe-core
##          (PyPI) where missing, for the browser tests
browser:
	@sh scripts/ensure-browser-deps.sh

## demo: keys, a ledger, appends, verify, and a tampered copy that verify pinpoints
demo: build
	@sh scripts/demo.sh $(BIN)

## portal: serve the sample ledger with the customer portal and print how to sign in as one of its customers
##         (PORT=8080 by default; Ctrl-C stops it)
portal: build
	@sh scripts/portal-demo.sh $(BIN)

## torture: kill -9 a busy writer 200 times (nothing acknowledged may be lost), and an eraser 200 times; 8 writers x 500
##          appends with busy readers; the same through PostgreSQL, and 50 immediate server stops mid-append; 50 SIGKILLs of
##          tierledger serve mid-batch, 1,000 connections at once and 200 slow-header clients; 50 SIGKILLs of tierledger serve
##          while products activate and release machines
torture: deps
	TIERLEDGER_TORTURE_KILLS=$${TIERLEDGER_TORTURE_KILLS:-200} $(SWIFT) test --filter 'CrashTortureTests|PrivacyCrashTests'
	TIERLEDGER_STRESS_APPENDS=$${TIERLEDGER_STRESS_APPENDS:-500} $(SWIFT) test --filter ConcurrencyStressTests
	@sh scripts/ensure-postgres.sh
	TIERLEDGER_REQUIRE_POSTGRES=1 TIERLEDGER_PG_CRASHES=$${TIERLEDGER_PG_CRASHES:-50} $(SWIFT) test --filter PostgresCrashTests
	TIERLEDGER_REQUIRE_POSTGRES=1 TIERLEDGER_PG_STRESS_APPENDS=$${TIERLEDGER_PG_STRESS_APPENDS:-500} $(SWIFT) test --filter PostgresStoreTests
	TIERLEDGER_SERVE_KILLS=$${TIERLEDGER_SERVE_KILLS:-50} TIERLEDGER_SERVE_CROWD=$${TIERLEDGER_SERVE_CROWD:-1000} \
		TIERLEDGER_ACTIVATION_KILLS=$${TIERLEDGER_ACTIVATION_KILLS:-50} $(SWIFT) test --filter 'ServerTortureTests|ActivationTortureTests'

BENCH_COMMIT = $$(sh scripts/bench-commit.sh)

## bench: ratios against this machine's own limits, each in rounds interleaved with its baseline
##        (BENCH_QUICK=1 for the 10k size only, BENCH_ROUNDS=7 rounds a ratio); appends the run to bench/results.json;
##        the PostgreSQL store's rows run on a local cluster (scripts/postgres-local.sh) started and removed here;
##        the server's rows (tierledger serve against nginx, with wrk) at the first size, as make bench-server runs them
bench: deps
	$(SWIFT) build -c release --product tierledger-bench
	$(SWIFT) build -c release --product tierledger
	@sh scripts/ensure-postgres.sh
	@sh scripts/ensure-server-bench-deps.sh
	rm -rf /tmp/tierledger-bench-pg && sh scripts/postgres-local.sh /tmp/tierledger-bench-pg 54339
	.build/release/tierledger-bench seconds $(if $(filter 1,$(BENCH_QUICK)),--quick) $(if $(BENCH_ROUNDS),--rounds $(BENCH_ROUNDS)) \
		--postgres postgres://tierledger@127.0.0.1:54339/postgres --server --commit $(BENCH_COMMIT); \
		status=$$?; sh scripts/postgres-local.sh stop /tmp/tierledger-bench-pg; rm -rf /tmp/tierledger-bench-pg; exit $$status

## bench-server: tierledger serve against nginx serving the same bytes as static files, with wrk, on a 10,000-entry
##               ledger filled untimed (installs wrk and nginx where missing; starts and stops both servers itself); then
##               appends through it, and online activations by 64 clients at once
bench-server: deps
	@sh scripts/ensure-server-bench-deps.sh
	$(SWIFT) build -c release --product tierledger-bench
	$(SWIFT) build -c release --product tierledger
	.build/release/tierledger-bench seconds --only server --quick $(if $(BENCH_ROUNDS),--rounds $(BENCH_ROUNDS)) --commit $(BENCH_COMMIT)

## bench-count: instructions per entry of verify, replay, append (no fsync) and proofs against one Ed25519
##              verify and sign, counted by callgrind (BENCH_COUNT_ENTRIES=2000); appends to bench/results.json
bench-count: deps
	@sh scripts/ensure-bench-deps.sh
	$(SWIFT) build -c release --product tierledger-bench
	.build/release/tierledger-bench count --entries $${BENCH_COUNT_ENTRIES:-2000} --commit $(BENCH_COMMIT)

## fuzz: libFuzzer on the entry codec, notes, proofs, YAML policies, usage CSV and the report renderers (FUZZ_SECONDS=60 each)
fuzz: deps
	FUZZ_SECONDS=$${FUZZ_SECONDS:-60} sh scripts/fuzz.sh

clean:
	rm -rf .build Fuzz/.build
