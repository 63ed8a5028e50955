#!/usr/bin/env bash
# The VS Code extension's own tests (editors/vscode: `npm test`): the
# TextMate grammar against test/grammar.rules with vscode-tmgrammar-test
# (Chinese names and keywords, units, operators), and the Explain command's
# helpers.  Needs the npm packages `make vscode` installs; without them the
# test is skipped loudly (a failure under CI=true, where .ci/run makes them).
set -eu
. tests/e2e/lib/skip.sh
command -v node >/dev/null || skip_or_fail vscode "node is not installed" "apt-get install nodejs npm"
[ -x editors/vscode/node_modules/.bin/vscode-tmgrammar-test ] ||
    skip_or_fail vscode "the extension's npm packages are not installed" "make vscode"
cd editors/vscode && npm test --silent
