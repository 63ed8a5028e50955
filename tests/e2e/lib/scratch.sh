# scratch.sh — the start of an e2e test that works in a scratch directory
# (source it first, before any cd):
#
#   K   the kaohe binary, an absolute path (KAOHE, or ./kaohe)
#   T   a scratch directory, removed when the test exits
#
# and colours off (NO_COLOR), so that outputs compare as text.
K=$(realpath "${KAOHE:-./kaohe}")
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
export NO_COLOR=1
