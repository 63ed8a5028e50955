# kaohe — build, test, benchmark and install.
#
#   make            the core library (build/libkaohe.a, build/libkaohe.so.*)
#                   and the CLI (./kaohe)
#   make test       unit + golden + end-to-end tests, the Python package
#                   (pytest), the exported symbols,
#                   an install into a temporary directory and a program built
#                   against it; then the tests again under AddressSanitizer +
#                   UndefinedBehaviorSanitizer
#   make install    PREFIX (default /usr/local), DESTDIR; make uninstall
#   make bench      the batch benchmark (tests/bench/) and the language server's re-check time
#   make vscode     the VS Code extension (editors/vscode/kaohe.vsix), its grammar tested
#   make playground the playground page (playground/dist/index.html): kaohe in
#                   WebAssembly (emscripten), no server
#   make fuzz       the fuzz harnesses, each for a bounded time (clang)
#   make coverage   line and branch coverage of src/ (gcovr)
#   make clean
#
# Two libraries: the core, libkaohe (src/base, lang, engine, io, api: load a
# policy, evaluate records, JSON, NDJSON and CSV), which is installed and
# exports only the kh_ functions kaohe.h marks KH_API; and the tools
# (src/tools: explain, diff, slips, the report, the XLSX workbook, policy
# tests), which the CLI links with libxlsxwriter.  The CLI and the unit tests
# link both through internal archives (build/internal/) that keep every
# symbol.

CC      ?= cc
BISON   ?= bison
FLEX    ?= flex
OBJCOPY ?= objcopy
WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
GEN_WARN := -Wall -Werror -Wno-unused-function -Wno-sign-compare
CSTD    := -std=c11 -D_GNU_SOURCE
OPT     ?= -O2 -g
# library code is position-independent (for libkaohe.so) and hidden unless
# KH_API exports it
LIBCODE := -fPIC -fvisibility=hidden
CORE_LAYERS := base lang engine io api
TOOL_LAYERS := tools
LAYERS  := $(CORE_LAYERS) $(TOOL_LAYERS)
INCS     = $(LAYERS:%=-Isrc/%) -I$(BUILD)/gen
CFLAGS_ALL = $(CSTD) $(OPT) $(WARN) $(LIBCODE) $(EXTRA_CFLAGS) $(INCS)
# what libkaohe links with (also kaohe.pc's Libs.private)
LDLIBS  := -lcjson -lgmp -lm -lpthread
# what the tools add
TOOLS_LDLIBS := -lxlsxwriter -lzip -lexpat

BUILD   ?= build
CORE_SRCS := $(foreach l,$(CORE_LAYERS),$(wildcard src/$(l)/*.c))
TOOL_SRCS := $(foreach l,$(TOOL_LAYERS),$(wildcard src/$(l)/*.c))
CLISRCS := $(wildcard src/cli/*.c)
GEN_C   := $(BUILD)/gen/parser.c $(BUILD)/gen/lexer.c
CORE_OBJS := $(CORE_SRCS:src/%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/parser.o $(BUILD)/obj/gen/lexer.o
TOOL_OBJS := $(TOOL_SRCS:src/%.c=$(BUILD)/obj/%.o)
CLIOBJS := $(CLISRCS:src/cli/%.c=$(BUILD)/obj/cli/%.o)
# every symbol kept: what the CLI and the unit tests link
CORE_AR := $(BUILD)/internal/libkaohe-core.a
TOOLS_AR := $(BUILD)/internal/libkaohe-tools.a
INTERNAL := $(TOOLS_AR) $(CORE_AR)
# the installed core: one object whose only global symbols are the kh_ API
LIB     := $(BUILD)/libkaohe.a
VERSION := $(shell sed -n 's/^\#define KAOHE_VERSION "\(.*\)"/\1/p' src/api/kaohe.h)
SONAME  := libkaohe.so.$(firstword $(subst ., ,$(VERSION)))
SHLIB   := $(BUILD)/libkaohe.so.$(VERSION)
SHLINKS := $(BUILD)/$(SONAME) $(BUILD)/libkaohe.so
# the core and the tools in one shared library (Python's explain and diff)
TOOLS_SONAME := libkaohe-tools.so.$(firstword $(subst ., ,$(VERSION)))
TOOLS_SHLIB  := $(BUILD)/libkaohe-tools.so.$(VERSION)
TOOLS_SHLINKS := $(BUILD)/$(TOOLS_SONAME) $(BUILD)/libkaohe-tools.so
BIN     ?= kaohe
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR  ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
PUBLIC_HEADERS := src/api/kaohe.h

.PHONY: pot po-check all libs demo deps test layers symbols install-test unit golden e2e asan-test bench bench-lsp vscode fuzz coverage clean \
        install uninstall python-test
.SUFFIXES:

all: $(BIN) libs

# ---- messages in the reader's language (GNU gettext) ----------------------
# po/kaohe.pot: what `make pot` extracts (diagnostics by their functions'
# keywords, other texts by _() and N_()); po/LANG.po compiled at build time.
# every source with text a person reads: the library's layers and the CLI
POT_SOURCES := $(sort $(wildcard src/base/*.c src/lang/*.c src/engine/*.c src/io/*.c src/api/*.c src/tools/*.c src/cli/*.c)) \
    grammar/parser.y grammar/lexer.l
# functions that look their format up themselves (record and input errors,
# the CLI's own messages, policy test failures)
POT_KEYWORDS := -k_ -kN_ -kdiag_error:3 -kdiag_warning:3 -kdiag_note:3 -kdiag_hint:3 -klex_error:4 \
    -krd_error:4 -kreader_fatal:2 -kscan_fail:3 -kscan_failf:3 -kscan_need_more:3 -kscan_refuse:3 -kpart_fail:2 -kfail_line:2 \
    -kcli_fail:2 -kcli_usage:2
LANGS := zh_CN
MOS := $(LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/kaohe.mo)

$(BUILD)/locale/%/LC_MESSAGES/kaohe.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt -c -o $@ $<

pot:
	xgettext --from-code=UTF-8 -L C --no-location --sort-output $(POT_KEYWORDS) \
	    --package-name=kaohe -o po/kaohe.pot $(POT_SOURCES)
	for l in $(LANGS); do python3 po/fill.py po/kaohe.pot po/$$l.table.py po/$$l.po; done

# every message of the catalogue translated (none empty, none fuzzy), and
# every message the sources have today in the catalogue (a new diagnostic
# without `make pot` and its translation fails here)
po-check:
	@mkdir -p $(BUILD)
	@xgettext --from-code=UTF-8 -L C --no-location --sort-output $(POT_KEYWORDS) \
	    --package-name=kaohe -o $(BUILD)/kaohe.pot $(POT_SOURCES) 2>/dev/null
	@for l in $(LANGS); do \
	    out=$$(LC_ALL=C msgfmt -c --statistics -o /dev/null po/$$l.po 2>&1) || { echo "$$out"; exit 1; }; \
	    echo "po/$$l.po: $$out"; \
	    case "$$out" in *untranslated*|*fuzzy*) echo "po/$$l.po: not every message is translated"; exit 1;; esac; \
	    LC_ALL=C msgcmp po/$$l.po $(BUILD)/kaohe.pot || { echo "po/$$l.po: messages of the sources are not in the catalogue: run make pot and translate them in po/$$l.table.py"; exit 1; }; \
	done

$(BUILD)/obj/cli/main.o: EXTRA_CFLAGS += -DKH_LOCALEDIR='"$(LOCALEDIR)"'

libs: $(LIB) $(SHLIB) $(SHLINKS) $(TOOLS_SHLIB) $(TOOLS_SHLINKS)

# ./kaohe is built with gcc's profile-guided optimisation (PGO=1, the default
# build's when CC is gcc): compiled first with counters, it runs
# tests/pgo/train.sh, and the counts (.gcda files, beside the objects) guide
# a second compile in laying out and inlining the hot paths: 7% less CPU over
# a million records.  Both compiles are in build/pgo: gcc finds a static
# function's counts by the name of the object it was compiled into.
# Warnings are the plain build's to fail on (its objects make the libraries
# and the unit tests): these compile with none (-w), the second's profile
# reading warning of every function inlined before it was counted.  PGO=0,
# or another BUILD (asan, fuzz, coverage), links $(BUILD)'s objects directly.
PGO ?= $(if $(filter build,$(BUILD)),$(shell $(CC) --version 2>/dev/null | grep -q 'Free Software Foundation' && echo 1))
# which way $(BIN) was built last: building it the other way (PGO=0, then
# make) builds it again
BIN_MODE := $(BUILD)/bin-mode/pgo$(PGO)
$(BIN_MODE):
	@rm -rf $(BUILD)/bin-mode && mkdir -p $(BUILD)/bin-mode && touch '$@'
ifeq ($(PGO),1)
$(BIN): $(CORE_SRCS) $(TOOL_SRCS) $(CLISRCS) $(wildcard src/*/*.h) grammar/parser.y grammar/lexer.l \
        tests/pgo/train.sh $(wildcard tests/pgo/*.ndjson) $(BIN_MODE) | $(MOS)
	rm -rf build/pgo
	$(MAKE) --no-print-directory PGO=0 BUILD=build/pgo BIN=build/pgo/kaohe-counting WARN=-w GEN_WARN=-w \
	    OPT='$(OPT) -fprofile-generate -fprofile-update=atomic' build/pgo/kaohe-counting
	tests/pgo/train.sh build/pgo/kaohe-counting
	@test -f build/pgo/obj/engine/eval.gcda || { echo "PGO: the training left no counts for src/engine/eval.c"; exit 1; }
	find build/pgo/obj -name '*.o' -delete
	$(MAKE) --no-print-directory PGO=0 BUILD=build/pgo BIN=$(BIN) WARN=-w GEN_WARN=-w \
	    OPT='$(OPT) -fprofile-use -Wno-missing-profile' $(BIN)
else
$(BIN): $(CLIOBJS) $(INTERNAL) $(BIN_MODE) | $(MOS)
	$(CC) $(CFLAGS_ALL) -o $@ $(CLIOBJS) $(INTERNAL) $(TOOLS_LDLIBS) $(LDLIBS)
endif

$(CORE_AR): $(CORE_OBJS)
$(TOOLS_AR): $(TOOL_OBJS)
$(INTERNAL):
	@mkdir -p $(dir $@)
	@rm -f $@
	ar rcs $@ $^

# A partial link of the core into one object, whose hidden symbols (all but
# KH_API's) then become local: an embedder linking libkaohe.a sees only kh_
# names, never an arena_new that could clash with its own.
$(LIB): $(CORE_OBJS)
	@rm -f $@ $(BUILD)/kaohe.o
	$(CC) -r -nostdlib -o $(BUILD)/kaohe.o $^
	$(OBJCOPY) --localize-hidden $(BUILD)/kaohe.o
	ar rcs $@ $(BUILD)/kaohe.o

# --no-undefined: the core needs nothing from the tools or libxlsxwriter
$(SHLIB): $(CORE_OBJS)
	$(CC) $(OPT) $(EXTRA_CFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--no-undefined -o $@ $^ $(LDLIBS)

$(SHLINKS): $(SHLIB)
	ln -sf $(if $(findstring $(SONAME),$@),$(notdir $(SHLIB)),$(SONAME)) $@

$(TOOLS_SHLIB): $(CORE_OBJS) $(TOOL_OBJS)
	$(CC) $(OPT) $(EXTRA_CFLAGS) -shared -Wl,-soname,$(TOOLS_SONAME) -Wl,--no-undefined -o $@ $^ $(TOOLS_LDLIBS) $(LDLIBS)

$(TOOLS_SHLINKS): $(TOOLS_SHLIB)
	ln -sf $(if $(findstring $(TOOLS_SONAME),$@),$(notdir $(TOOLS_SHLIB)),$(TOOLS_SONAME)) $@

$(BUILD)/gen/parser.c $(BUILD)/gen/parser.h &: grammar/parser.y
	@mkdir -p $(BUILD)/gen
	$(BISON) -Wall -Werror --defines=$(BUILD)/gen/parser.h -o $(BUILD)/gen/parser.c $<

$(BUILD)/gen/lexer.c $(BUILD)/gen/lexer.h &: grammar/lexer.l $(BUILD)/gen/parser.h
	@mkdir -p $(BUILD)/gen
	$(FLEX) --header-file=$(BUILD)/gen/lexer.h -o $(BUILD)/gen/lexer.c $<

# Generated code is compiled without -Wextra's noisier checks it cannot avoid.
$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(OPT) $(GEN_WARN) $(LIBCODE) $(EXTRA_CFLAGS) $(INCS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(INTERNAL)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -o $@ $< $(INTERNAL) -lcmocka $(TOOLS_LDLIBS) $(LDLIBS)

-include $(wildcard $(BUILD)/obj/*/*.d)

include playground/playground.mk

# ---- tests ---------------------------------------------------------------
# JSONTestSuite is not in the repository (tests/e2e/lib/jsontestsuite_dir.sh
# says where it is looked for); the unit and e2e tests read JSONTESTSUITE.
ifeq ($(JSONTESTSUITE),)
JSONTESTSUITE := $(shell tests/e2e/lib/jsontestsuite_dir.sh)
endif
export JSONTESTSUITE

unit: $(UNIT_BINS)
	@set -e; for t in $(UNIT_BINS); do echo "== $$t"; $$t; done

golden: $(BIN) po-check
	@tests/golden/run.sh ./$(BIN)

e2e: $(BIN)
	@set -e; for t in tests/e2e/*.sh; do [ -e "$$t" ] || continue; echo "== $$t"; KAOHE=./$(BIN) $$t; \
	    [ -c /dev/null ] || { echo "e2e: $$t left /dev/null a regular file (restore it: rm /dev/null; mknod -m 666 /dev/null c 1 3)"; exit 1; }; done

asan-test:
	$(MAKE) BUILD=build/asan BIN=build/asan/kaohe OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all" unit golden e2e

layers:
	@python3 tests/layers/check.py
	@python3 tests/layers/alloc.py

# Only kh_ names leave libkaohe.so and libkaohe.a, every KH_API declaration
# among them; no libxlsxwriter in the core.
symbols: libs
	@tests/install/symbols.sh $(BUILD)

# make install into a temporary directory, a C program built against it with
# pkg-config and run, the man page and completion, make uninstall.
install-test: all
	@tests/install/install.sh

# The Python package (python/kaohe over build/libkaohe.so) with pytest: the
# first python3 that has pytest (a pyenv one may lack Debian's python3-pytest).
PYTHON ?= $(firstword $(foreach p,python3 /usr/bin/python3,$(shell $(p) -c 'import pytest' 2>/dev/null && echo $(p))))
python-test: $(BIN) libs
	@[ -n "$(PYTHON)" ] || { echo "python-test: no python3 with pytest (apt-get install python3-pytest python3-pandas)"; exit 1; }
	KAOHE=$(CURDIR)/$(BIN) KAOHE_LIB=$(CURDIR)/$(TOOLS_SHLIB) $(PYTHON) -m pytest -q -p no:cacheprovider python/tests

# A test that lacks an input kept outside the repository (tests/e2e/lib/skip.sh)
# fails under CI=true; elsewhere it is skipped, and listed here at the end.
SKIPPED := $(CURDIR)/build/skipped.txt
test: deps
	@mkdir -p build && : > $(SKIPPED)
	@KAOHE_SKIPPED=$(SKIPPED) $(MAKE) --no-print-directory layers all symbols install-test unit python-test golden e2e asan-test
	@if [ -s $(SKIPPED) ]; then echo "all tests passed, but these were SKIPPED (each a failure under CI=true):"; \
	  sort -u $(SKIPPED) | sed 's/^/    /'; else echo "all tests passed"; fi

# Installs what is missing (or prints the apt-get line), builds, and runs the
# shipped policy on the shipped June 2014 roster.
demo: deps
	@$(MAKE) --no-print-directory all
	./$(BIN) eval rules/customer-service-2014.rules examples/roster-2014-06.json; rc=$$?; \
	  echo "exit status $$rc (1: the roster has records that were refused; see the messages above)"; [ $$rc -le 1 ]

deps:
	@.ci/install-deps

# The VS Code extension (editors/vscode): its npm packages, its tests (the
# TextMate grammar with vscode-tmgrammar-test, the Explain command's
# helpers), then editors/vscode/kaohe.vsix with @vscode/vsce.
vscode:
	cd editors/vscode && npm ci --no-audit --no-fund && npm test && \
	  npx vsce package --skip-license --allow-missing-repository -o kaohe.vsix

bench: bench-lsp
	@tests/bench/run.sh

# The language server re-checking a 2,000-line policy per keystroke (< 50 ms).
bench-lsp: $(BIN)
	@python3 tests/bench/lsp_recheck.py ./$(BIN)

fuzz:
	@LDLIBS="$(LDLIBS)" TOOLS_LDLIBS="$(TOOLS_LDLIBS)" tests/fuzz/run.sh

coverage:
	@LDLIBS="$(LDLIBS)" tests/coverage.sh

# ---- install ---------------------------------------------------------------
# The files, as `make install` puts them under $(DESTDIR) (uninstall removes
# exactly these).
INSTALLED := $(LANGS:%=$(LOCALEDIR)/%/LC_MESSAGES/kaohe.mo) $(BINDIR)/kaohe $(LIBDIR)/libkaohe.a $(LIBDIR)/libkaohe.so.$(VERSION) $(LIBDIR)/$(SONAME) \
             $(LIBDIR)/libkaohe.so $(PUBLIC_HEADERS:src/api/%=$(INCLUDEDIR)/%) $(LIBDIR)/pkgconfig/kaohe.pc \
             $(LIBDIR)/libkaohe-tools.so.$(VERSION) $(LIBDIR)/$(TOOLS_SONAME) $(LIBDIR)/libkaohe-tools.so \
             $(MANDIR)/man1/kaohe.1 $(BASHCOMPDIR)/kaohe

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/kaohe
	install -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libkaohe.a
	install -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/libkaohe.so.$(VERSION)
	ln -sf libkaohe.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libkaohe.so
	install -m 755 $(TOOLS_SHLIB) $(DESTDIR)$(LIBDIR)/libkaohe-tools.so.$(VERSION)
	ln -sf libkaohe-tools.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(TOOLS_SONAME)
	ln -sf $(TOOLS_SONAME) $(DESTDIR)$(LIBDIR)/libkaohe-tools.so
	install -m 644 $(PUBLIC_HEADERS) $(DESTDIR)$(INCLUDEDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|; s|@LIBS_PRIVATE@|$(LDLIBS)|' dist/kaohe.pc.in >$(DESTDIR)$(LIBDIR)/pkgconfig/kaohe.pc
	chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/kaohe.pc
	install -m 644 dist/kaohe.1 $(DESTDIR)$(MANDIR)/man1/kaohe.1
	install -m 644 dist/kaohe.bash $(DESTDIR)$(BASHCOMPDIR)/kaohe
	for l in $(LANGS); do install -D -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/kaohe.mo \
	    $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/kaohe.mo; done

uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))

clean:
	rm -rf build $(BIN) playground/dist
