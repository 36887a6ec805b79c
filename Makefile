# minify: `make demo` runs the main job on a bundled fixture, `make test` runs unit + e2e tests.
# Both do all set-up on a fresh machine (system packages, Docker engine, npm deps, sensor, fixtures).

SENSOR      := build/minify-sensor
SENSOR_SRC  := $(wildcard src/sensor/*.c src/sensor/*.h)
STAMP_DEPS  := build/.system-deps
NODE_STAMP  := node_modules/.package-lock.json

.PHONY: all deps system-deps build sensor fixtures demo test test-unit test-e2e bench clean

all: build

system-deps:
	@bash scripts/install-system-deps.sh

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

deps: system-deps $(NODE_STAMP)

build: $(NODE_STAMP) sensor
	npx tsc -p tsconfig.json

sensor: $(SENSOR)

$(SENSOR): $(SENSOR_SRC)
	@mkdir -p build
	gcc -static -O2 -Wall -Wextra -Werror -o $@ $(filter %.c,$(SENSOR_SRC))

fixtures: deps
	bash fixtures/build-all.sh

demo: deps build fixtures
	bash scripts/demo.sh

test: deps build fixtures
	npx tsc -p tsconfig.test.json
	npx vitest run

test-unit: $(NODE_STAMP)
	npx vitest run --project unit

test-e2e: deps build fixtures
	npx vitest run --project e2e

bench: deps build fixtures
	bash bench/run-all.sh

clean:
	rm -rf dist build
