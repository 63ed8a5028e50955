#!/usr/bin/env bash
# The hand-worked cases of the shipped policy, one or more per clause of the spec.
set -eu
K=${KAOHE:-./kaohe}
out=$($K test tests/policy) || { echo "$out" | grep -v '^ok' ; exit 1; }
echo "$out" | tail -1
