#!/usr/bin/env bash
# The playground's glue (playground/wasm/play.c) built natively against the
# internal libraries, with AddressSanitizer and UndefinedBehaviorSanitizer,
# and called as the page calls it (playground/test/glue_main.c): results as
# exact texts, what-if lines, explain, diagnostics, CSV rosters.  Needs no
# emscripten (tests/e2e/playground.sh tests the WebAssembly build itself).
set -eu
K=${KAOHE:-./kaohe}
# the libraries of the build the kaohe under test comes from
B=build; case $K in build/*/kaohe | ./build/*/kaohe) B=${K%/kaohe}; B=${B#./} ;; esac
[ -f $B/internal/libkaohe-core.a ] && [ -f $B/internal/libkaohe-tools.a ] ||
    { echo "playground_glue: FAIL: no $B/internal/*.a (make first)"; exit 1; }
# a coverage build's libraries need gcov's run time at the link
cov=; nm "$B/internal/libkaohe-core.a" 2>/dev/null | grep -q __gcov_init && cov=--coverage
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
${CC:-cc} $cov -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
    -Wall -Wextra -Werror -Wno-unused-parameter \
    -Iplayground/wasm -Isrc/base -Isrc/lang -Isrc/engine -Isrc/io -Isrc/api -Isrc/tools -I$B/gen \
    -o $T/glue playground/test/glue_main.c playground/wasm/play.c $B/internal/libkaohe-tools.a \
    $B/internal/libkaohe-core.a -lxlsxwriter -lzip -lexpat -lcjson -lgmp -lm -lpthread
$T/glue rules/customer-service-2014.rules examples/roster-2014-06.json $T
