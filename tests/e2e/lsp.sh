#!/usr/bin/env bash
# The language server (`kaohe lsp`, issue 19) driven by real clients: the
# protocol-level suite (tests/lsp/protocol.py: lifecycle, diagnostics in
# UTF-16 with Chinese text, hover, completion, definition, references,
# rename, formatting, malformed input, cancellation) and Neovim's built-in
# LSP client, headless (tests/lsp/nvim_test.lua).  Without python3 or nvim:
# skipped loudly, a failure under CI=true.
set -eu
. tests/e2e/lib/skip.sh
K=${KAOHE:-./kaohe}
command -v python3 >/dev/null || skip_or_fail lsp "python3 is not installed" "apt-get install python3"
python3 tests/lsp/protocol.py "$K"
command -v nvim >/dev/null || skip_or_fail lsp-neovim "nvim is not installed" "apt-get install neovim"
tests/lsp/nvim.sh "$K"
