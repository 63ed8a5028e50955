#!/usr/bin/env bash
# symbols.sh — what the core library shows an embedder (`make symbols`):
#   - libkaohe.so exports only kh_ names (nm -D), and every function that a
#     public header declares (each declaration carries KH_API);
#   - libkaohe.a defines no global symbol without the kh_ prefix (its
#     internals, arena_new and the like, are local and cannot clash);
#   - the core needs no output-format library: no libxlsxwriter among the
#     shared library's NEEDED entries, no lxw_/workbook_/worksheet_
#     reference in either library; the soname is libkaohe.so.MAJOR;
#   - libkaohe-tools.so (the core and the tools, for Python's explain and
#     diff) exports only kh_ names too (and the linker's own __bss_start,
#     _edata, _end), every function kaohe.h and kaohe_tools.h declare.
# Usage: tests/install/symbols.sh BUILD_DIR (default build)
set -u
cd "$(dirname "$0")/../.."
B=${1:-build}
headers="src/api/kaohe.h"
version=$(sed -n 's/^#define KAOHE_VERSION "\(.*\)"/\1/p' src/api/kaohe.h)
so=$B/libkaohe.so.$version
a=$B/libkaohe.a
fail=0
bad() { echo "symbols: $*"; fail=1; }

for f in "$so" "$a"; do [ -f "$f" ] || { echo "symbols: $f is missing (make libs)"; exit 1; }; done

# the shared library's dynamic symbols
exported=$(nm -D --defined-only "$so" | awk '{print $3}' | sort -u)
[ -n "$exported" ] || bad "$so exports nothing"
others=$(grep -v '^kh_' <<<"$exported")
[ -z "$others" ] || bad "$so exports $(wc -l <<<"$others") names without the kh_ prefix: $(head -20 <<<"$others" | tr '\n' ' ')"

# every declaration of header $1 is marked KH_API and among the names $3
# that library $2 exports
declared_and_exported() {
    local h=$1 lib=$2 names=$3 unmarked name
    unmarked=$(grep -nE '^[A-Za-z_][A-Za-z0-9_ \*]*\bkh_[a-z0-9_]+\(' "$h" | grep -v ':KH_API ' | grep -v ':typedef ')
    [ -z "$unmarked" ] || bad "$h declares functions without KH_API (they would not be exported): $unmarked"
    for name in $(grep -oE '^KH_API [^(]*\bkh_[a-z0-9_]+\(' "$h" | grep -oE 'kh_[a-z0-9_]+\($' | tr -d '('); do
        grep -qx "$name" <<<"$names" || bad "$h declares $name, which $lib does not export"
    done
}
for h in $headers; do declared_and_exported "$h" "$so" "$exported"; done

# the static archive: globals defined in any of its objects
aglobals=$(nm -g --defined-only "$a" | awk 'NF == 3 {print $3}' | sort -u)
[ -n "$aglobals" ] || bad "$a defines no global symbol"
aothers=$(grep -v '^kh_' <<<"$aglobals")
[ -z "$aothers" ] || bad "$a defines $(wc -l <<<"$aothers") global names without the kh_ prefix: $(head -20 <<<"$aothers" | tr '\n' ' ')"
[ "$aglobals" = "$exported" ] || bad "$a and $so do not define the same kh_ names: $(diff <(echo "$aglobals") <(echo "$exported") | grep '^[<>]' | tr '\n' ' ')"

# no output-format library in the core
soname=$(readelf -d "$so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
[ "$soname" = "libkaohe.so.${version%%.*}" ] || bad "$so has soname '$soname', not libkaohe.so.${version%%.*}"
needed=$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
grep -qi xlsxwriter <<<"$needed" && bad "$so needs libxlsxwriter: $(tr '\n' ' ' <<<"$needed")"
for f in "$so" "$a"; do
    refs=$(nm -u "$f" 2>/dev/null | awk '{print $NF}' | grep -E '^(lxw_|workbook_|worksheet_|format_set_)' | sort -u)
    [ -z "$refs" ] || bad "$f refers to libxlsxwriter: $(tr '\n' ' ' <<<"$refs")"
done

# the tools' shared library
tso=$B/libkaohe-tools.so.$version
if [ -f "$tso" ]; then
    texported=$(nm -D --defined-only "$tso" | awk '{print $3}' | grep -vxE '__bss_start|_edata|_end' | sort -u)
    tothers=$(grep -v '^kh_' <<<"$texported")
    [ -z "$tothers" ] || bad "$tso exports $(wc -l <<<"$tothers") names without the kh_ prefix: $(head -20 <<<"$tothers" | tr '\n' ' ')"
    for h in src/api/kaohe.h src/tools/kaohe_tools.h; do declared_and_exported "$h" "$tso" "$texported"; done
else
    bad "$tso is missing (make libs)"
fi

if [ $fail = 0 ]; then
    echo "symbols: libkaohe.so and libkaohe.a define only kh_ names ($(wc -l <<<"$exported"), every public declaration); soname $soname; needs $(tr '\n' ' ' <<<"$needed")"
    echo "symbols: libkaohe-tools.so exports $(wc -l <<<"$texported") kh_ names (the core's and the tools')"
fi
exit $fail
