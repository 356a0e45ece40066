# Thin wrapper over CMake. `make run` and `make test` set up everything on a fresh Debian machine.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all bootstrap configure build run test bench format clean

all: build

bootstrap:
	@tools/bootstrap

configure: bootstrap
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

run: build
	@tools/run-demo $(BUILD)/vigil

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) --timeout 300

bench: build
	@$(BUILD)/bench/vigil_bench

format:
	@git ls-files '*.cpp' '*.hpp' '*.h' | grep -v '^third_party/' | xargs clang-format -i

clean:
	@rm -rf $(BUILD)
