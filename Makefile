# coplan: the two commands a newcomer needs are `make run` and `make test`.

GO ?= go
BIN := bin/coplan
ADDR ?= localhost:8080
DATABASE_URL ?= sqlite:coplan.db

.PHONY: run build test test-deps bench bench-go assets vet clean

## run: build coplan and serve the Glenmorven demo on http://localhost:8080 from coplan.db
run: build
	COPLAN_ADDR=$(ADDR) COPLAN_DATABASE_URL=$(DATABASE_URL) ./$(BIN) serve --demo

build:
	$(GO) build -o $(BIN) ./cmd/coplan

## test: every test, on SQLite and a throwaway PostgreSQL, with the browser checks
test: test-deps
	$(GO) vet ./...
	scripts/with-postgres.sh sh -c '$(GO) test -count=1 -timeout 20m $$($(GO) list ./... | grep -v /e2e$$) && $(GO) test -count=1 -timeout 20m ./e2e/'
# The browser tests run after the rest, so Chromium does not compete for the
# two cores with the crash test and the store tests.

## test-deps: what the tests need: Chromium and xmllint (from Debian), axe-core and the Nu Html Checker (from npm)
test-deps:
	scripts/test-deps.sh

## bench: coplan bench, every figure beside its baseline (a few minutes; BENCH_FLAGS=--json for JSON,
## BENCH_DATABASE_URL=postgres://... for PostgreSQL)
BENCH_DB := $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL),)
bench: build
	./$(BIN) bench page --partnerships 31,300 $(BENCH_DB) $(BENCH_FLAGS)
	./$(BIN) bench submit $(BENCH_DB) $(BENCH_FLAGS)
	./$(BIN) bench export $(BENCH_DB) $(BENCH_FLAGS)
	./$(BIN) bench crash --kills 20 $(BENCH_DB) $(BENCH_FLAGS)

## bench-go: the Go benchmarks in internal/web (home page, submissions in-process)
bench-go:
	$(GO) test -run '^$$' -bench . -benchtime 3s -count 3 ./internal/web/

## assets: refresh the Scottish Government Design System files embedded in coplan
assets:
	npm install --no-save --no-audit --no-fund @scottish-government/design-system
	cp node_modules/@scottish-government/design-system/dist/css/design-system.min.css internal/web/static/sgds/
	sed -i 's#/\*\# sourceMappingURL=[^*]*\*/##' internal/web/static/sgds/design-system.min.css
	cp node_modules/@scottish-government/design-system/dist/images/icons/icons.stack.svg internal/web/static/sgds/
	cp node_modules/@scottish-government/design-system/LICENSE.txt internal/web/static/sgds/

vet:
	gofmt -l . | (! grep .)
	$(GO) vet ./...

clean:
	rm -rf bin
