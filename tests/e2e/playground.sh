#!/usr/bin/env bash
# The playground (make playground: kaohe in WebAssembly, one static page)
# loaded from file:// in headless Chromium with puppeteer-core
# (playground/test/playground.test.js): the 2014 policy and the June roster
# load, a rate typed into the policy changes the results table, a mistake
# typed into it is underlined with the checker's message and hint, a click
# on a value shows its explanation, a what-if shows the diff; the page logs
# nothing; and the module run under node on every golden case that is a
# plain `kaohe eval` gives its expected.out.  The screenshot goes to
# build/playground.png.  Without
# emscripten, chromium, node or the test's npm packages: skipped loudly (a
# failure under CI=true, where .ci/run installs them).
set -eu
. tests/e2e/lib/skip.sh
command -v emcc >/dev/null || skip_or_fail playground "emscripten is not installed" "apt-get install emscripten"
CHROME=$(command -v chromium || command -v chromium-browser) ||
    skip_or_fail playground "no chromium" "apt-get install chromium fonts-noto-cjk"
command -v node >/dev/null || skip_or_fail playground "node is not installed" "apt-get install nodejs npm"
[ -d playground/test/node_modules/puppeteer-core ] ||
    skip_or_fail playground "puppeteer-core is not installed" "make playground-test-deps"
# make playground fetches cJSON's and GMP's Debian sources (once)
if [ ! -e build/playground/src/.fetched ]; then
    command -v dpkg-source >/dev/null || skip_or_fail playground "dpkg-dev is not installed" "apt-get install dpkg-dev"
    apt-cache showsrc cjson gmp 2>/dev/null | grep -q '^Package: gmp' ||
        skip_or_fail playground "apt-get source cannot fetch cjson and gmp (no deb-src entry)" \
            "add a deb-src entry and apt-get update (playground/README.md; .ci/run does it)"
fi
# the page is built in build/playground and playground/dist whatever BUILD the
# caller's make has (the ASan run reuses it: nothing in it is sanitized)
mkdir -p build
start=$(date +%s)
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -j2 playground >build/playground-make.log 2>&1 ||
    { tail -30 build/playground-make.log; echo "playground: FAIL: make playground (log: build/playground-make.log)"; exit 1; }
echo "playground: make playground took $(($(date +%s) - start)) s"
# the WebAssembly build gives the golden eval cases' hand-written outputs
# (mini-gmp, qsort_r and 32-bit pointers change nothing)
timeout 300 node playground/test/golden_eval.js playground/dist/kaohe.js tests/golden
timeout 300 node playground/test/playground.test.js playground/dist build/playground.png "$CHROME"
