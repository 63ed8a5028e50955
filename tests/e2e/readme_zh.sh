#!/usr/bin/env bash
# README.zh.md shows each command with its real output: run them all, in
# order, in a copy of rules/ and examples/, making the edits each recipe
# describes (lib/readme_zh.py), and compare with what the README shows.
set -eu
K=$(realpath "${KAOHE:-./kaohe}")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin" "$T/work"
ln -s "$K" "$T/bin/kaohe"
cp -r rules examples "$T/work/"
PATH="$T/bin:$PATH" NO_COLOR=1 python3 "$(dirname "$0")/lib/readme_zh.py" "$(realpath README.zh.md)" "$T/work"
