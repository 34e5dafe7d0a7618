# threatmap - Kubernetes configuration audit mapped to the threat matrix.
#
#   make            build ./kubectl-threatmap
#   make check      build and run the test suite
#   make asan       run the suite under AddressSanitizer + UBSan
#   make tsan       the thread suite and two-thread scans under
#                   ThreadSanitizer
#   make valgrind   run the suite under valgrind
#                   (check, asan, valgrind: TEST_JOBS=N runs the suites N
#                   processes at a time; the default is the number of cores)
#   make lint       clang-format (check only), cppcheck, clang-tidy
#   make demo       install what is missing, build, scan the demo cluster
#   make deps       install the Debian packages the build needs
#   make bench      time generated clusters
#   make install PREFIX=/usr/local   (DESTDIR for staging; make uninstall)
#   make release    build/release/kubectl-threatmap: yajl, libyaml and PCRE2
#                   linked in, so only libcurl and OpenSSL are needed to run
#   make dist       release tarball, its sha256 and the krew manifest
#   make deb        a Debian package of the release binary

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
BUILD ?= build
CC ?= cc
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

PKGS := libcurl openssl yajl yaml-0.1 libpcre2-8
DEBS := libcurl4-openssl-dev libssl-dev libyajl-dev libyaml-dev libpcre2-dev check pkg-config

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 -Wvla
OPT ?= -O2 -g
CFLAGS ?= $(OPT)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CHECK_LIBS := $(shell pkg-config --libs check 2>/dev/null)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) $(EXTRA_CFLAGS) \
	-iquote lib -iquote . -iquote $(BUILD) -DTHREATMAP_VERSION='"$(VERSION)"' \
	$(PKG_CFLAGS)
LIBS = $(PKG_LIBS) -lm
TEST_LIBS = $(CHECK_LIBS)

LIB_DIRS := lib lib/load lib/kube lib/analysis lib/render
LIB_SRC := $(sort $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))) $(sort $(wildcard checks/*.c))
CMD_SRC := $(sort $(wildcard cmd/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c)) tests/testutil.c tests/apiserver.c tests/report_fixture.c tests/main.c
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
MATRIX_DATA := matrix/tactics.tsv matrix/techniques.tsv matrix/mitigations.tsv matrix/attack-techniques.tsv

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/matrix_data.o
CMD_OBJ := $(CMD_SRC:%.c=$(BUILD)/%.o)
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
DEPS_OK := $(BUILD)/.deps-ok
# Objects depend on the compiler and flags they were built with: the file
# changes (and everything rebuilds) only when those do.
FLAGS_FILE := $(BUILD)/.flags

BIN := kubectl-threatmap
TESTBIN := $(BUILD)/threatmap-tests

.PHONY: all check asan tsan valgrind lint demo deps install uninstall clean bench \
	memstats \
	fuzz check-headers test-bin release dist deb check-dist extras FORCE

all: $(BIN) $(FUZZ_BIN)

# Say which package is missing instead of failing with a compiler error.
$(DEPS_OK):
	@mkdir -p $(@D)
	@missing=""; for p in $(PKGS) check; do \
	  pkg-config --exists $$p 2>/dev/null || missing="$$missing $$p"; done; \
	if ! command -v pkg-config >/dev/null; then missing="pkg-config"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "missing libraries:$$missing" >&2; \
	  echo "install them with: make deps   (or: apt-get install $(DEBS))" >&2; \
	  exit 1; fi; touch $@

$(FLAGS_FILE): FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(ALL_CFLAGS) $(LIBS)' > $@.tmp; \
	if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(BUILD)/%.o: %.c $(DEPS_OK) $(FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/matrix_data.c: $(MATRIX_DATA) matrix/gen.awk
	@mkdir -p $(@D)
	awk -f matrix/gen.awk $(MATRIX_DATA) > $@.tmp && mv $@.tmp $@

$(BUILD)/matrix_data.o: $(BUILD)/matrix_data.c $(DEPS_OK) $(FLAGS_FILE)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libthreatmap.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CMD_OBJ) $(BUILD)/libthreatmap.a
	$(CC) $(ALL_CFLAGS) -o $@ $(CMD_OBJ) $(BUILD)/libthreatmap.a $(LIBS)

# The suite list is generated from the suite constructors the tests define.
$(BUILD)/suites.inc: $(sort $(wildcard tests/test_*.c))
	@mkdir -p $(@D)
	@grep -ho '^Suite \*suite_[a-z0-9_]*(void)' $^ | \
	  sed 's/^Suite \*suite_\([a-z0-9_]*\)(void)/SUITE(\1)/' > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/main.o: $(BUILD)/suites.inc

$(TESTBIN): $(TEST_OBJ) $(BUILD)/libthreatmap.a
	$(CC) $(ALL_CFLAGS) -o $@ $(TEST_OBJ) $(BUILD)/libthreatmap.a $(LIBS) $(TEST_LIBS)

test-bin: $(TESTBIN) $(BIN)

# Fuzz harnesses build with every make against a plain driver.
$(BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/driver.c $(BUILD)/libthreatmap.a $(FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/driver.c $(BUILD)/libthreatmap.a $(LIBS)

# The command-line harness runs the commands themselves: cmd/ without main().
CMD_LIB_OBJ := $(filter-out $(BUILD)/cmd/main.o,$(CMD_OBJ))
$(BUILD)/fuzz/fuzz_cmdline: tests/fuzz/fuzz_cmdline.c tests/fuzz/driver.c $(CMD_LIB_OBJ) \
		$(BUILD)/libthreatmap.a $(FLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< tests/fuzz/driver.c $(CMD_LIB_OBJ) \
	  $(BUILD)/libthreatmap.a $(LIBS)

# Check's default of 4 s per test is too short for tests that run the
# binary on a loaded 2-core machine or under AddressSanitizer.
CK_DEFAULT_TIMEOUT ?= 60
export CK_DEFAULT_TIMEOUT

# The suites run TEST_JOBS processes at a time (tests/run-suites.sh; 1: one
# process, in order).  The slow ones, measured under valgrind, start first.
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SLOW_SUITES := live yamlpull yamlscan cli jsondiff scalemem commands creds completion \
	fastpath scale harden_live bench severity stream
RUN_SUITES = sh tests/run-suites.sh $(TEST_JOBS) '$(SLOW_SUITES)'

check: $(TESTBIN) $(BIN) $(FUZZ_BIN)
	THREATMAP_BIN=$(abspath $(BIN)) THREATMAP_BUILD=$(abspath $(BUILD)) \
	  $(RUN_SUITES) $(TESTBIN)
	@sh tests/replay-corpora.sh $(BUILD)

asan:
	$(MAKE) BUILD=build/asan BIN=build/asan/kubectl-threatmap OPT="-O1 -g" \
	  EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
	  check

# Any report fails (exit status 66); a scan's own status (0 or 1 for
# findings) passes.
TSAN_ENV = TSAN_OPTIONS="halt_on_error=1 exitcode=66"
tsan:
	$(MAKE) BUILD=build/tsan BIN=build/tsan/kubectl-threatmap OPT="-O1 -g" \
	  EXTRA_CFLAGS="-fsanitize=thread" build/tsan/threatmap-tests \
	  build/tsan/kubectl-threatmap
	$(TSAN_ENV) THREATMAP_BIN=$(abspath build/tsan/kubectl-threatmap) \
	  THREATMAP_BUILD=$(abspath build/tsan) build/tsan/threatmap-tests threads parload
	for f in testdata/demo testdata/checks; do \
	  $(TSAN_ENV) THREATMAP_THREADS=2 THREATMAP_REPORT_CHUNK=4 \
	    build/tsan/kubectl-threatmap scan \
	    -R -f $$f -o json=/dev/null -o sarif=/dev/null; \
	  rc=$$?; [ $$rc -le 1 ] || { echo "tsan: $$f: exit $$rc" >&2; exit 1; }; \
	done

valgrind: $(TESTBIN) $(BIN)
	CK_FORK=no THREATMAP_TEST_QUICK=1 THREATMAP_BIN=$(abspath $(BIN)) THREATMAP_BUILD=$(abspath $(BUILD)) \
	  $(RUN_SUITES) valgrind --error-exitcode=99 --leak-check=full \
	  --errors-for-leak-kinds=definite,indirect --quiet $(TESTBIN)

LINT_SRC := $(LIB_SRC) $(CMD_SRC) $(TEST_SRC)
LINT_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# clang-tidy reads them from $(BUILD)/compile_flags.txt, so paths are absolute.
TIDY_FLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -iquote $(CURDIR)/lib \
	-iquote $(CURDIR) -iquote $(abspath $(BUILD)) \
	-DTHREATMAP_VERSION='"$(VERSION)"' $(PKG_CFLAGS)
lint: $(DEPS_OK)
	clang-format --dry-run -Werror $(LINT_SRC) $(HEADERS)
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  -j $(LINT_JOBS) --inline-suppr --suppress=missingIncludeSystem -Ilib -I. \
	  $(LIB_SRC) $(CMD_SRC)
	@printf '%s\n' $(TIDY_FLAGS) > $(BUILD)/compile_flags.txt
	printf '%s\n' $(LIB_SRC) $(CMD_SRC) | \
	  xargs -P $(LINT_JOBS) -n 8 clang-tidy --quiet -p $(BUILD)

# Every header compiles on its own (git's check-headers): lib/, checks/,
# cmd/ and tests/; and no modules include each other in a circle.
HEADERS := $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.h)) $(wildcard checks/*.h) \
	$(wildcard cmd/*.h) $(wildcard tests/*.h)
check-headers: $(DEPS_OK)
	@for h in $(HEADERS); do \
	  printf '#include "%s"\n' "$$h" | \
	  $(CC) $(ALL_CFLAGS) -x c -fsyntax-only - || exit 1; done; \
	echo "$(words $(HEADERS)) headers stand alone"
	@# lib/ runs whatever check table it is handed and names no check
	@! grep -rnE '#include "checks/|check_registry|check_find\(|check_count\(' \
	  lib --include='*.c' --include='*.h' || \
	  { echo "lib/ must not name the check registry" >&2; exit 1; }
	@echo "lib/ names no check"
	@# modules depend one way: no include cycle (tests/test_layout.c adds calls)
	@sh tests/module-cycles.sh --includes

deps:
	@missing=""; for d in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$d 2>/dev/null | grep -q 'ok installed' || \
	  missing="$$missing $$d"; done; \
	if [ -z "$$missing" ]; then echo "all build packages are installed"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "run as root: apt-get install$$missing"; exit 1; fi

demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	./$(BIN) scan -R -f testdata/demo; rc=$$?; [ $$rc -le 1 ]

$(BUILD)/bench-rbac: tests/bench/bench_rbac.c $(BUILD)/libthreatmap.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libthreatmap.a $(LIBS)

# make memstats MEMSTATS_FILE=F: where the memory of a scan of F goes
# (build/memstats --live KUBECONFIG: of a live scan of its cluster)
$(BUILD)/memstats: tests/bench/memstats.c $(BUILD)/libthreatmap.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libthreatmap.a $(LIBS)

MEMSTATS_FILE ?= /tmp/threatmap-bench/bench-10000.json
memstats: $(BUILD)/memstats
	$(BUILD)/memstats $(MEMSTATS_FILE)

bench: $(BIN) $(BUILD)/bench-rbac
	sh tests/bench.sh $(abspath $(BIN))
	sh tests/bench-rbac.sh $(abspath $(BUILD)/bench-rbac)

# make fuzz FUZZ_SECONDS=N: every harness with libFuzzer for N seconds each
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run.sh

# The manual page and the completion scripts come from the binary itself
# (its --help texts), so they cannot drift from it.
EXTRAS := build/kubectl-threatmap.1 build/completion/kubectl-threatmap.bash \
	build/completion/kubectl-threatmap.zsh build/completion/kubectl-threatmap.fish \
	build/kubectl_complete-threatmap
extras: $(EXTRAS)
build/kubectl-threatmap.1: $(BIN)
	@mkdir -p $(@D)
	./$(BIN) __man > $@.tmp && mv $@.tmp $@
build/completion/kubectl-threatmap.%: $(BIN)
	@mkdir -p $(@D)
	./$(BIN) completion $* > $@.tmp && mv $@.tmp $@
build/kubectl_complete-threatmap:
	@mkdir -p $(@D)
	printf '#!/bin/sh\n# kubectl runs this to complete "kubectl threatmap ..."\nexec kubectl-threatmap __complete "$$@"\n' > $@.tmp
	chmod 0755 $@.tmp && mv $@.tmp $@

install: $(BIN) $(EXTRAS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions \
	  $(DESTDIR)$(DATADIR)/zsh/site-functions \
	  $(DESTDIR)$(DATADIR)/fish/vendor_completions.d
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/$(BIN)
	install -m 0755 build/kubectl_complete-threatmap $(DESTDIR)$(BINDIR)/kubectl_complete-threatmap
	install -m 0644 build/kubectl-threatmap.1 $(DESTDIR)$(MANDIR)/man1/kubectl-threatmap.1
	install -m 0644 build/completion/kubectl-threatmap.bash \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions/kubectl-threatmap
	install -m 0644 build/completion/kubectl-threatmap.zsh \
	  $(DESTDIR)$(DATADIR)/zsh/site-functions/_kubectl-threatmap
	install -m 0644 build/completion/kubectl-threatmap.fish \
	  $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/kubectl-threatmap.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/$(BIN) $(DESTDIR)$(BINDIR)/kubectl_complete-threatmap \
	  $(DESTDIR)$(MANDIR)/man1/kubectl-threatmap.1 \
	  $(DESTDIR)$(DATADIR)/bash-completion/completions/kubectl-threatmap \
	  $(DESTDIR)$(DATADIR)/zsh/site-functions/_kubectl-threatmap \
	  $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/kubectl-threatmap.fish

# Release binary: the three parsing libraries are linked in statically.
RELEASE_DIR := build/release
STATIC_LIBS = -Wl,-Bstatic -lyajl_s -lyaml -lpcre2-8 -Wl,-Bdynamic \
	$(shell pkg-config --libs libcurl openssl 2>/dev/null) -lm
release:
	@$(MAKE) --no-print-directory BUILD=$(RELEASE_DIR) \
	  BIN=$(RELEASE_DIR)/kubectl-threatmap LIBS='$(STATIC_LIBS)' \
	  $(RELEASE_DIR)/kubectl-threatmap

dist: release extras
	sh deploy/dist.sh $(VERSION) $(RELEASE_DIR)/kubectl-threatmap build/dist

deb: release extras
	sh deploy/deb.sh $(VERSION) $(RELEASE_DIR)/kubectl-threatmap build/dist

# Packages, manifest and install layout, checked end to end.
check-dist: dist deb
	sh tests/dist.sh $(VERSION) build/dist

clean:
	rm -rf build $(BIN)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
