# playground.mk — `make playground`: kaohe compiled to WebAssembly with
# Debian's emscripten, in one static page (playground/dist/index.html) that
# works from file:// and any static host.  Included by the Makefile.
#
# cJSON and GMP for wasm come from Debian's source packages (apt-get source:
# needs a deb-src entry, see playground/README.md), fetched into
# build/playground/src/, never into git; GMP is its mini-gmp subset.  The
# objects live in build/playground/ whatever BUILD is (the ASan run of the
# tests reuses them: nothing there is sanitized).

EMCC     ?= emcc
# emcc runs its JavaScript optimizer with `node`; a node that is not Debian's
# does not look where Debian's node-acorn is
PG_ENV   := NODE_PATH=/usr/share/nodejs$(if $(NODE_PATH),:$(NODE_PATH))
PG_BUILD := build/playground
PG_SRC   := $(PG_BUILD)/src
PG_DIST  := playground/dist
PG_STAMP := $(PG_SRC)/.fetched
PG_GMP   := $(PG_SRC)/gmp/mini-gmp
PG_CFLAGS := -std=c11 -D_GNU_SOURCE -O2 $(WARN) -include playground/wasm/compat.h \
             -DMINI_GMP_LIMB_TYPE='long long' -Iplayground/wasm -I$(PG_GMP) -I$(PG_BUILD)/inc $(INCS)
# the core, and the tools the page uses (explain, diff, CSV rosters; XLSX
# is refused by wasm/xlsx_stub.c); the archive lets the link take only what
# play.c reaches
PG_TOOL_SRCS := $(filter-out src/tools/xlsx%.c src/tools/template.c src/tools/lsp%.c,$(TOOL_SRCS))
PG_LIB_OBJS := $(patsubst src/%.c,$(PG_BUILD)/obj/%.o,$(CORE_SRCS) $(PG_TOOL_SRCS)) \
               $(PG_BUILD)/obj/gen/parser.o $(PG_BUILD)/obj/gen/lexer.o \
               $(PG_BUILD)/obj/wasm/compat.o $(PG_BUILD)/obj/wasm/xlsx_stub.o $(PG_BUILD)/obj/wasm/mini_gmp_all.o $(PG_BUILD)/obj/wasm/cJSON.o
PG_LIB   := $(PG_BUILD)/libkaohe-wasm.a
PG_JS    := $(PG_DIST)/kaohe.js
PG_WEB   := $(wildcard playground/web/*)
PG_DEFAULTS := rules/customer-service-2014.rules rules/customer-service-2014/input.rules examples/roster-2014-06.json
PG_EXPORTS := _play_run,_play_explain,_play_words,_play_eval,_malloc,_free
PG_LDFLAGS := -O2 -sSINGLE_FILE=1 -sMODULARIZE=1 -sEXPORT_NAME=KaoheModule -sENVIRONMENT=web,node \
              -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=67108864 -sTOTAL_STACK=8388608 -sFORCE_FILESYSTEM=1 \
              -sEXPORTED_FUNCTIONS=$(PG_EXPORTS) -sEXPORTED_RUNTIME_METHODS=FS,ccall

.PHONY: playground playground-test-deps

playground: $(PG_DIST)/index.html $(PG_JS) $(PG_DIST)/defaults.js $(PG_WEB:playground/web/%=$(PG_DIST)/%)

$(PG_STAMP):
	@command -v $(EMCC) >/dev/null || { echo "make playground: no emcc (apt-get install emscripten)"; exit 1; }
	rm -rf $(PG_SRC) && mkdir -p $(PG_SRC)
	cd $(PG_SRC) && apt-get source cjson gmp >fetch.log 2>&1 || { cat $(PG_SRC)/fetch.log; \
	  echo "make playground: apt-get source cjson gmp failed: it needs a deb-src entry and dpkg-dev (see playground/README.md)"; exit 1; }
	cd $(PG_SRC) && mv $$(ls -d cjson-*/ | head -1) cjson && mv $$(ls -d gmp-*/ | head -1) gmp
	mkdir -p $(PG_BUILD)/inc/cjson && cp $(PG_SRC)/cjson/cJSON.h $(PG_BUILD)/inc/cjson/
	touch $@

$(PG_BUILD)/obj/%.o: src/%.c $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h $(PG_STAMP)
	@mkdir -p $(dir $@)
	$(PG_ENV) $(EMCC) $(PG_CFLAGS) -MMD -MP -c -o $@ $<

$(PG_BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c $(BUILD)/gen/parser.h $(BUILD)/gen/lexer.h $(PG_STAMP)
	@mkdir -p $(dir $@)
	$(PG_ENV) $(EMCC) $(PG_CFLAGS) -Wno-unused-function -Wno-sign-compare -Wno-extra -c -o $@ $<

$(PG_BUILD)/obj/wasm/%.o: playground/wasm/%.c playground/wasm/compat.h playground/wasm/gmp.h $(PG_STAMP)
	@mkdir -p $(dir $@)
	$(PG_ENV) $(EMCC) $(PG_CFLAGS) -c -o $@ $<

# GMP's and cJSON's own code, under their own warnings
$(PG_BUILD)/obj/wasm/mini_gmp_all.o: playground/wasm/mini_gmp_all.c $(PG_STAMP)
	@mkdir -p $(dir $@)
	$(PG_ENV) $(EMCC) -O2 -DMINI_GMP_LIMB_TYPE='long long' -I$(PG_GMP) -c -o $@ $<

$(PG_BUILD)/obj/wasm/cJSON.o: $(PG_STAMP)
	@mkdir -p $(dir $@)
	$(PG_ENV) $(EMCC) -std=c89 -O2 -c -o $@ $(PG_SRC)/cjson/cJSON.c

$(PG_LIB): $(PG_LIB_OBJS)
	@rm -f $@
	$(PG_ENV) emar rcs $@ $^

$(PG_JS): $(PG_BUILD)/obj/wasm/play.o $(PG_LIB)
	@mkdir -p $(dir $@)
	$(PG_ENV) $(EMCC) $(PG_LDFLAGS) -o $@ $^

# the shipped policy and the June roster, as a script (a page opened from
# file:// may not fetch them)
$(PG_DIST)/defaults.js: $(PG_DEFAULTS) playground/embed.js
	@mkdir -p $(dir $@)
	node playground/embed.js $(PG_DEFAULTS) > $@.tmp && mv $@.tmp $@

$(PG_DIST)/%: playground/web/%
	@mkdir -p $(dir $@)
	cp $< $@

# the browser test's npm packages (puppeteer-core, on the system chromium)
playground-test-deps:
	cd playground/test && npm ci --no-audit --no-fund

-include $(wildcard $(PG_BUILD)/obj/*/*.d)
