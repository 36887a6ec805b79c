# minify: `make demo` runs the main job on a bundled fixture, `make test` runs unit + e2e tests.
# Both do all set-up on a fresh machine (system packages, Docker engine, npm deps, sensor, fixtures).

SENSOR_SRC  := $(wildcard src/sensor/*.c src/sensor/*.h)
SENSOR_CFLAGS := -static -O2 -Wall -Wextra -Werror
# One static sensor per image architecture (Docker's names); build/minify-sensor is the amd64 one
# under the path it had before there were two. The other architecture's sensor is cross-compiled,
# and only when its compiler is installed (scripts/install-system-deps.sh installs it).
HOST_ARCH   := $(shell uname -m)
CC_amd64    := $(if $(filter x86_64,$(HOST_ARCH)),gcc,x86_64-linux-gnu-gcc)
CC_arm64    := $(if $(filter aarch64,$(HOST_ARCH)),gcc,aarch64-linux-gnu-gcc)
have_cc      = $(shell command -v $(CC_$(1)) >/dev/null 2>&1 && echo $(1))
SENSOR_ARCHES := $(call have_cc,amd64) $(call have_cc,arm64)
SENSORS     := $(foreach arch,$(SENSOR_ARCHES),build/minify-sensor-$(arch)) $(if $(call have_cc,amd64),build/minify-sensor)
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

sensor: $(SENSORS)
	@$(if $(call have_cc,arm64),,echo "make sensor: $(CC_arm64) not installed, no arm64 sensor (scripts/install-system-deps.sh installs it)")

build/minify-sensor-%: $(SENSOR_SRC)
	@mkdir -p build
	$(CC_$*) $(SENSOR_CFLAGS) -o $@ $(filter %.c,$(SENSOR_SRC))

build/minify-sensor: build/minify-sensor-amd64
	cp $< $@

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
