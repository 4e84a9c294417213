# make            build ./mnist (and fetch MNIST into data/ if it is missing)
# make test       build and run every test with CMake/CTest
# make data       fill data/ with the four MNIST IDX files (MNIST_MIRROR=DIR for a local copy)
# make data-fashion  fill data/fashion/ with Fashion-MNIST (Debian's dataset-fashion-mnist, else a download)
# make bench      build and run the benchmark (bench/)
# make docs-figures  regenerate the figures of the notes in docs/img (scripts/make_figures.cpp; needs data/)
# make sanitize   build everything with ASan + UBSan in build/sanitize and run every test (= make test SANITIZE=1)
# make fuzz       build the libFuzzer harnesses (clang++) in build/fuzz; tests/fuzz/run.sh runs them
# make best       the README's recipe with SEEDS seeds (default 3): mean and sd of the test accuracy, then
#                 `final test accuracy X %` (the mean)
# make compare-pytorch   ./mnist beside PyTorch (as installed and tuned) and numpy (EPOCHS=N, HIDDEN="30 300")
# make windows    cross-build build/windows/mnist.exe with mingw-w64 (README, "Mac and Windows")
# make web-test   the export-web page in headless Chromium (tests/web/run.sh; skipped without chromium/playwright-core)
# make web-screenshot  the same, then redraw docs/img/export-web.png (the README's picture of the page)
# make mutants   plant each bug of tests/mutants/mutants.txt in a scratch copy and check a test catches it
#                 (about an hour; MUTANTS="id ..." for some; not part of CI: tests/mutants/README.md)
# make clean      remove every build output
# Options: PORTABLE=1 (no -march=native), SANITIZE=1 (AddressSanitizer + UBSan, -O1 -g), CXX=clang++.

# Plain `make` compiles on every core (GNU make 4.3 and later take -j from here).
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)

CXX      ?= g++
CXXFLAGS ?= -O3
# On x86-64 CPUs with AVX-512, -mprefer-vector-width=512 gives the vectorised loops full-width
# registers (clang++ would use half); the tile sizes of src/fast/matmul_kernels.cpp assume them.
ARCH     := $(if $(PORTABLE),,-march=native $(if $(filter x86_64 amd64,$(shell uname -m)),-mprefer-vector-width=512))
WARN     := -Wall -Wextra -Wpedantic -Wshadow
# Fused multiply-add allowed (exactly rounded; not -ffast-math), the same as CMakeLists.txt.
FPFLAGS  := -ffp-contract=fast -fno-math-errno
# -fno-math-errno: std::sqrt becomes one (vectorisable) instruction for Adam's step; exactly rounded either way.
# g++ tuned for AMD Zen splits a lone chain of fused multiply-adds into multiplies and adds, which
# round differently; one fused multiply-add everywhere keeps results the same on every CPU and
# compiler (docs/performance.md, "Every compiler"). clang++ never splits them and has no such option.
ifeq ($(findstring clang,$(shell $(CXX) --version 2>/dev/null)),)
FPFLAGS  += --param=avoid-fma-max-bits=0
endif
ifdef SANITIZE
# -fno-sanitize-recover=all: a UBSan finding aborts (and fails the test) instead of printing and going on.
CXXFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
LDFLAGS  += -fsanitize=address,undefined -fno-sanitize-recover=all
endif
ALLFLAGS := -std=c++17 $(CXXFLAGS) $(ARCH) $(FPFLAGS) $(WARN) -MMD -MP
LDLIBS   += -pthread

# Every .cpp of src/<layer>/ is part of the build: no list to keep in step with CMakeLists.txt, which
# globs the same folders. The program's own layer, src/app/, and main.cpp are linked only into ./mnist.
LAYERS   := core data nn fast run output
LIB_SRC  := $(foreach d,$(LAYERS),$(wildcard src/$(d)/*.cpp))
APP_SRC  := $(wildcard src/app/*.cpp) src/main.cpp
# REFERENCE=1: ./mnist runs every product and update on the plain loops of src/core, on one thread
# (the code to step through in a debugger); objects go to their own directory, never mixed.
OBJ_DIR  := build/obj-$(notdir $(CXX))$(if $(REFERENCE),-reference)$(if $(SANITIZE),-sanitize)$(if $(PORTABLE),-portable)
ifdef REFERENCE
ALLFLAGS += -DMNIST_REFERENCE
endif
LIB_OBJ  := $(LIB_SRC:src/%.cpp=$(OBJ_DIR)/%.o)
APP_OBJ  := $(APP_SRC:src/%.cpp=$(OBJ_DIR)/%.o)

DATA_FILES := data/train-images-idx3-ubyte data/train-labels-idx1-ubyte \
              data/t10k-images-idx3-ubyte data/t10k-labels-idx1-ubyte

.PHONY: all data data-fashion test sanitize fuzz bench best docs-figures compare-pytorch web-test web-screenshot windows mutants clean
all: mnist data

# Objects are rebuilt when their flags change (REFERENCE, CXXFLAGS, ...: each kind of build has its own
# directory and flags file), and ./mnist is relinked when it was last linked from another directory.
FLAGS_FILE  := $(OBJ_DIR)/flags
LINKED_FILE := build/linked
$(shell mkdir -p $(OBJ_DIR); [ "$$(cat $(FLAGS_FILE) 2>/dev/null)" = "$(ALLFLAGS)" ] || echo "$(ALLFLAGS)" > $(FLAGS_FILE); \
        [ "$$(cat $(LINKED_FILE) 2>/dev/null)" = "$(OBJ_DIR)" ] || echo "$(OBJ_DIR)" > $(LINKED_FILE))

mnist: $(LIB_OBJ) $(APP_OBJ) $(LINKED_FILE)
	$(CXX) $(ALLFLAGS) $(LDFLAGS) $(LIB_OBJ) $(APP_OBJ) $(LDLIBS) -o $@

$(OBJ_DIR)/%.o: src/%.cpp $(FLAGS_FILE)
	@mkdir -p $(dir $@)
	$(CXX) $(ALLFLAGS) -Isrc -c $< -o $@

# The data step only runs when a file is missing: either spelling in data/ counts.
data:
	@scripts/fetch-mnist.sh data

data-fashion:
	@scripts/fetch-mnist.sh data/fashion fashion

# CTest needs CMake's build; the same sources, flags and warnings (see CMakeLists.txt).
# The sanitizer build has its own directory, so it never mixes objects with the normal one.
# A compiler named on the command line or in the environment (make bench CXX=clang++) gets a CMake
# build of its own, build/cmake-clang++: CMake fixes the compiler of a build directory once.
CMAKE_CXX   := $(if $(filter command line environment,$(origin CXX)),$(CXX))
CMAKE_BUILD := build/$(if $(SANITIZE),sanitize,cmake)$(if $(CMAKE_CXX),-$(notdir $(CMAKE_CXX)))
# Both options stated every time: CMake caches them, so SANITIZE=1 must not outlive its own run.
CMAKE_ARGS  := -DCMAKE_BUILD_TYPE=Release -DMNIST_NATIVE=$(if $(PORTABLE),OFF,ON) -DMNIST_SANITIZE=$(if $(SANITIZE),ON,OFF) \
               $(if $(CMAKE_CXX),-DCMAKE_CXX_COMPILER=$(CMAKE_CXX))
test:
	cmake -S . -B $(CMAKE_BUILD) $(CMAKE_ARGS) >/dev/null
	cmake --build $(CMAKE_BUILD) -j 2
	ctest --test-dir $(CMAKE_BUILD) --output-on-failure

sanitize:
	$(MAKE) test SANITIZE=1

# libFuzzer needs clang++; the harnesses are listed once, in CMakeLists.txt (MNIST_FUZZERS).
FUZZ_CXX   ?= clang++
FUZZ_BUILD := build/fuzz
fuzz:
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=$(FUZZ_CXX) -DMNIST_FUZZ=ON \
	      $(if $(PORTABLE),-DMNIST_NATIVE=OFF) >/dev/null
	cmake --build $(FUZZ_BUILD) -j 2 --target fuzzers

bench:
	cmake -S . -B $(CMAKE_BUILD) $(CMAKE_ARGS) >/dev/null
	cmake --build $(CMAKE_BUILD) -j 2 --target mnist_bench
	$(CMAKE_BUILD)/mnist_bench

# The recipe of the README ("Past plain SGD"): 784-800-800-10, momentum, dropout, cosine schedule,
# once per seed 1..SEEDS.
SEEDS ?= 3
best: mnist data
	scripts/best.sh $(SEEDS) ./mnist

# Windows: build/windows/mnist.exe, cross-built with Debian's mingw-w64 (apt-get install
# g++-mingw-w64-x86-64-posix; the POSIX flavour has std::thread). Code for any x86-64 CPU, and the C++
# runtime linked in, so the .exe runs on its own. One compiler call, no objects: it is built rarely.
WINDOWS_CXX ?= x86_64-w64-mingw32-g++-posix
windows:
	@mkdir -p build/windows
	$(WINDOWS_CXX) -std=c++17 -O3 -ffp-contract=fast $(WARN) $(WINDOWS_FLAGS) -Isrc $(LIB_SRC) $(APP_SRC) \
	    -static -pthread -lpsapi -o build/windows/mnist.exe

# The figures of the notes, drawn by scripts/make_figures.cpp; the CTest docs_figures fails when a
# committed one differs from what the code draws now.
docs-figures: data
	cmake -S . -B $(CMAKE_BUILD) $(CMAKE_ARGS) >/dev/null
	cmake --build $(CMAKE_BUILD) -j 2 --target make_figures
	$(CMAKE_BUILD)/make_figures --out docs/img

# Optional: needs python3-torch and python3-numpy (never needed by the library or the tests).
EPOCHS ?= 20
HIDDEN ?= 30 128 256 300
compare-pytorch: mnist data
	HIDDEN="$(HIDDEN)" bench/compare_pytorch.sh $(EPOCHS) ./mnist

# The browser test of ./mnist export-web: exit 77 means skipped (no chromium or playwright-core here).
web-test: mnist data
	tests/web/run.sh || [ $$? -eq 77 ]

web-screenshot: mnist data
	tests/web/run.sh --screenshot docs/img/export-web.png

# Mutation testing: slow (one rebuild and one CTest run per mutant), so never part of `make test` or CI.
mutants:
	tests/mutants/run.sh

clean:
	rm -rf build mnist

-include $(LIB_OBJ:.o=.d) $(APP_OBJ:.o=.d)
