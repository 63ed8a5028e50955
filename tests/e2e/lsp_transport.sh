#!/usr/bin/env bash
# The language server's transport (`kaohe lsp`, src/cli/cmd_lsp.c): the
# Content-Length framing as editors and broken clients write it, driven by
# tests/lsp/transport.py.  Without python3: skipped loudly, a failure
# under CI=true.
set -eu
. tests/e2e/lib/skip.sh
K=${KAOHE:-./kaohe}
command -v python3 >/dev/null || skip_or_fail lsp-transport "python3 is not installed" "apt-get install python3"
python3 tests/lsp/transport.py "$K"
