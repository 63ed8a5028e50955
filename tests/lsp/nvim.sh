#!/usr/bin/env bash
# nvim.sh KAOHE — runs tests/lsp/nvim_test.lua in headless Neovim on a copy
# of the fixtures with one mistake planted (提成比列 for 提成比例), with its
# own empty config, state and log directories.
set -eu
K=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cp -r "$HERE/fixtures/." "$T/"
sed -i 's/pay.base \* 提成比例/pay.base * 提成比列/' "$T/bonus.rules"
grep -q '提成比列' "$T/bonus.rules" || { echo "nvim.sh: could not plant the mistake"; exit 1; }
export XDG_CONFIG_HOME=$T/config XDG_DATA_HOME=$T/data XDG_STATE_HOME=$T/state XDG_CACHE_HOME=$T/cache
rc=0
KAOHE=$K WORK=$T timeout 120 nvim --headless --clean -n -c "luafile $HERE/nvim_test.lua" </dev/null 2>"$T/err" >/dev/null || rc=$?
cat "$T/err" | grep -v '^$' || true
[ $rc = 0 ] && grep -q 'nvim: all passed' "$T/err" || { echo "nvim.sh: Neovim's client test failed (status $rc)"; exit 1; }
