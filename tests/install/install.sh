#!/usr/bin/env bash
# install.sh — `make install` and `make uninstall` as a user and a packager
# would run them (`make install-test`, part of `make test`):
#
#   1. PREFIX=<tmp>/usr: exactly the expected files (the binary, libkaohe.a,
#      libkaohe.so.VERSION with its soname links, kaohe.h, kaohe.pc, the man
#      page, the bash completion), and nothing else;
#   2. tests/install/embed.c built against it with
#      `pkg-config --cflags --libs kaohe` (PKG_CONFIG_PATH into the prefix),
#      once on the shared library and once on libkaohe.a (--static), then run
#      on the shipped policy and the June 2014 roster: the figures
#      examples/ROSTERS.md works out by hand (39 records, 4 refused: CS-0131
#      twice, CS-0135, CS-0136; CS-0101 is paid 4100.00 with an incentive
#      bonus of 100.00 and 1600 required calls), and the same bytes as the
#      installed kaohe's `eval --format ndjson`;
#   3. the installed man page renders with `man -l` without a warning, names
#      every command and every option that `kaohe help CMD` lists, and says
#      the version; the installed completion completes commands, options,
#      --format values, .rules files and --set params;
#   4. make uninstall leaves no file behind;
#   5. DESTDIR=<tmp>/stage PREFIX=/usr/local: the same files under the stage,
#      a kaohe.pc that names /usr/local (not the stage); uninstalled too.
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
T=$(mktemp -d "${TMPDIR:-/tmp}/kaohe-install.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail=0
bad() { echo "install: $*"; fail=1; }
version=$(sed -n 's/^#define KAOHE_VERSION "\(.*\)"/\1/p' src/api/kaohe.h)
major=${version%%.*}
for tool in pkg-config man cc c++ python3; do
    command -v $tool >/dev/null || { echo "install: $tool is needed (apt-get install pkgconf man-db build-essential python3)"; exit 1; }
done

# every file and symbolic link under $1, relative to it, sorted
files_under() { (cd "$1" && find . \( -type f -o -type l \) | sed 's|^\./||' | LC_ALL=C sort); }
expected_files() { # relative to the prefix
    LC_ALL=C sort <<EOF
bin/kaohe
include/kaohe.h
lib/libkaohe-tools.so
lib/libkaohe-tools.so.$major
lib/libkaohe-tools.so.$version
lib/libkaohe.a
lib/libkaohe.so
lib/libkaohe.so.$major
lib/libkaohe.so.$version
lib/pkgconfig/kaohe.pc
share/bash-completion/completions/kaohe
share/locale/zh_CN/LC_MESSAGES/kaohe.mo
share/man/man1/kaohe.1
EOF
}

# ---- 1. install into a prefix -------------------------------------------------
P=$T/usr
make --no-print-directory -s install PREFIX="$P" >"$T/install.log" 2>&1 || { cat "$T/install.log"; bad "make install PREFIX=$P failed"; exit 1; }
got=$(files_under "$P")
want=$(expected_files)
[ "$got" = "$want" ] || bad "make install PREFIX=... installed other files than expected:
$(diff <(echo "$want") <(echo "$got"))"
[ "$(readlink "$P/lib/libkaohe.so.$major")" = "libkaohe.so.$version" ] || bad "libkaohe.so.$major does not point to libkaohe.so.$version"
[ "$(readlink "$P/lib/libkaohe.so")" = "libkaohe.so.$major" ] || bad "libkaohe.so does not point to libkaohe.so.$major"
[ -x "$P/bin/kaohe" ] || bad "bin/kaohe is not executable"
[ "$("$P/bin/kaohe" --version)" = "kaohe $version" ] || bad "the installed kaohe --version says '$("$P/bin/kaohe" --version)'"
cmp -s "$P/include/kaohe.h" src/api/kaohe.h || bad "include/kaohe.h is not src/api/kaohe.h"

# ---- 2. a program built against it with pkg-config ----------------------------
export PKG_CONFIG_PATH=$P/lib/pkgconfig
unset PKG_CONFIG_SYSROOT_DIR PKG_CONFIG_LIBDIR
[ "$(pkg-config --modversion kaohe)" = "$version" ] || bad "pkg-config --modversion kaohe: '$(pkg-config --modversion kaohe)'"
flags=$(pkg-config --cflags --libs kaohe) || bad "pkg-config --cflags --libs kaohe failed"
[[ " $flags " == *" -I$P/include "* && " $flags " == *" -L$P/lib "* && " $flags " == *" -lkaohe "* ]] ||
    bad "pkg-config --cflags --libs kaohe gives '$flags'"
CFLAGS_EMBED="-std=c11 -Wall -Wextra -Werror -Wmissing-prototypes"
# shellcheck disable=SC2086
cc $CFLAGS_EMBED -o "$T/embed" tests/install/embed.c $flags 2>"$T/cc.log" ||
    { cat "$T/cc.log"; bad "embed.c does not build against the installed shared library"; }
static_flags=$(pkg-config --cflags --static --libs kaohe | sed 's/-lkaohe\b/-l:libkaohe.a/')
# shellcheck disable=SC2086
cc $CFLAGS_EMBED -o "$T/embed-static" tests/install/embed.c $static_flags 2>"$T/cc-static.log" ||
    { cat "$T/cc-static.log"; bad "embed.c does not build against the installed libkaohe.a (an internal name clashes?)"; }

# the header from C++ too
printf '#include <kaohe.h>\nint main() { kh_diags *d = kh_diags_new(); int n = kh_diags_errors(d); kh_diags_free(d); return n; }\n' >"$T/cxx.cc"
# shellcheck disable=SC2086
c++ -Wall -Wextra -Werror -o "$T/cxx" "$T/cxx.cc" $flags 2>"$T/cxx.log" && LD_LIBRARY_PATH=$P/lib "$T/cxx" ||
    bad "a C++ program does not build or run against kaohe.h: $(head -3 "$T/cxx.log")"

policy=rules/customer-service-2014.rules
roster=examples/roster-2014-06.json
"$P/bin/kaohe" eval $policy $roster --format ndjson >"$T/cli.out" 2>/dev/null
for prog in embed embed-static; do
    [ -x "$T/$prog" ] || continue
    if [ $prog = embed ]; then
        # the installed libkaohe.so.0 is the one loaded
        lib=$(LD_LIBRARY_PATH=$P/lib ldd "$T/embed" | awk '$1 == "libkaohe.so.'"$major"'" {print $3}')
        [ "$lib" = "$P/lib/libkaohe.so.$major" ] || bad "embed loads libkaohe from '$lib', not the prefix"
    else
        ldd "$T/embed-static" | grep -q libkaohe && bad "embed-static needs a shared libkaohe"
    fi
    rc=0
    LD_LIBRARY_PATH=$P/lib "$T/$prog" $policy $roster >"$T/$prog.out" 2>"$T/$prog.err" || rc=$?
    [ $rc = 1 ] || bad "$prog: exit status $rc, expected 1 (KH_RECORD_ERRORS): $(head -5 "$T/$prog.err")"
    refused=$(sed -n 's/^refused [0-9]* //p' "$T/$prog.err" | LC_ALL=C sort | tr '\n' ' ')
    [ "$refused" = "CS-0131 CS-0131 CS-0135 CS-0136 " ] || bad "$prog: refused '$refused', expected CS-0131 CS-0131 CS-0135 CS-0136"
    grep -qx "summary 39 4" "$T/$prog.err" || bad "$prog: $(grep summary "$T/$prog.err"), expected 'summary 39 4'"
    python3 - "$T/$prog.out" <<'EOF' || bad "$prog: the results are not the hand-worked ones"
import json, sys
rows = [json.loads(l, parse_float=str) for l in open(sys.argv[1], encoding="utf-8")]
assert len(rows) == 39, f"{len(rows)} results, expected 39"
errors = [r for r in rows if "error" in r]
assert len(errors) == 4, f"{len(errors)} errors, expected 4"
a = next(r for r in rows if r.get("id") == "CS-0101")
want = {"total_pay": "4100.00", "incentive_bonus": "100.00", "required_calls": 1600}
for k, v in want.items():
    assert a.get(k) == v, f"CS-0101 {k} = {a.get(k)!r}, expected {v!r}"
EOF
    cmp -s "$T/$prog.out" "$T/cli.out" || bad "$prog's results differ from the installed kaohe's"
done

# ---- 3. the man page and the completion -----------------------------------------
man1=$P/share/man/man1/kaohe.1
MANWIDTH=100 man --warnings -l "$man1" >"$T/man.txt" 2>"$T/man.err" || bad "man -l kaohe.1 failed"
[ -s "$T/man.err" ] && bad "man -l kaohe.1 warns: $(head -5 "$T/man.err")"
grep -q "^KAOHE(1)" "$T/man.txt" || bad "kaohe.1 does not render as KAOHE(1)"
grep -q "kaohe $version" "$T/man.txt" || bad "kaohe.1 does not say version $version"
commands=$("$P/bin/kaohe" help | sed -n '/^commands:/,/^$/p' | awk 'NF > 1 {print $1}')
[ "$(wc -w <<<"$commands")" -ge 8 ] || bad "kaohe help lists only: $commands"
for c in $commands; do
    # a section is a heading "   kaohe CMD ..." (three spaces) and what follows it
    awk -v c="$c" '/^   kaohe /{on = ($2 == c)} on' "$T/man.txt" >"$T/man-$c.txt"
    [ -s "$T/man-$c.txt" ] || bad "kaohe.1 has no section for 'kaohe $c'"
    for o in $("$P/bin/kaohe" help "$c" | grep -oE '(^|[][ (|])--?[a-z][a-z-]*' | grep -oE -- '--?[a-z][a-z-]*' | sort -u); do
        grep -qe "$o\b" "$T/man-$c.txt" ||
            bad "kaohe.1 does not describe '$o' of 'kaohe $c' (kaohe help $c lists it)"
    done
done

comp=$P/share/bash-completion/completions/kaohe
mkdir -p "$T/work/sub" && cp $policy "$T/work/pay.rules" && cp $roster "$T/work/june.json" && touch "$T/work/notes.txt"
complete_words() { # the completions of the words given (the last is completed)
    (cd "$T/work" && bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _kaohe; printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort | tr "\n" " "' _ "$comp" "$@")
}
expect_completion() { # want, words...
    local want=$1 got
    shift
    got=$(complete_words "$@")
    [ "$got" = "$want" ] || bad "completing '$*': '$got', expected '$want'"
}
expect_completion "--help --version check diff eval explain fmt help lsp report slip template test version " kaohe ""
expect_completion "eval explain " kaohe e
expect_completion "csv json ndjson xlsx " kaohe eval pay.rules june.json --format ""
expect_completion "json text " kaohe explain pay.rules june.json --format ""
expect_completion "--csv-no-bom " kaohe eval --c
expect_completion "pay.rules sub " kaohe check ""
expect_completion "june.json sub " kaohe eval pay.rules ""
expect_completion "commission_rate= company_profit= " kaohe eval pay.rules june.json --set co
expect_completion "--set --set-base " kaohe report pay.rules june.json --set

# ---- 4. uninstall -----------------------------------------------------------------
make --no-print-directory -s uninstall PREFIX="$P" >/dev/null 2>&1 || bad "make uninstall PREFIX=$P failed"
left=$(files_under "$P")
[ -z "$left" ] || bad "make uninstall left: $left"

# ---- 5. a staged install (DESTDIR) ---------------------------------------------------
S=$T/stage
make --no-print-directory -s install DESTDIR="$S" PREFIX=/usr/local >/dev/null 2>&1 || bad "make install DESTDIR=... failed"
got=$(files_under "$S")
want=$(expected_files | sed 's|^|usr/local/|')
[ "$got" = "$want" ] || bad "make install DESTDIR=... installed other files than expected:
$(diff <(echo "$want") <(echo "$got"))"
pc=$S/usr/local/lib/pkgconfig/kaohe.pc
grep -qx "prefix=/usr/local" "$pc" 2>/dev/null || bad "the staged kaohe.pc does not say prefix=/usr/local"
grep -q "$S" "$pc" 2>/dev/null && bad "the staged kaohe.pc names the stage directory"
make --no-print-directory -s uninstall DESTDIR="$S" PREFIX=/usr/local >/dev/null 2>&1 || bad "make uninstall DESTDIR=... failed"
left=$(files_under "$S")
[ -z "$left" ] || bad "make uninstall DESTDIR=... left: $left"

[ $fail = 0 ] && echo "install: make install (PREFIX, DESTDIR) and uninstall; embed.c built with pkg-config (shared and static) gives the hand-worked June figures; man page and completion checked"
exit $fail
