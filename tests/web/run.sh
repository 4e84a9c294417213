#!/usr/bin/env bash
# The browser test of ./mnist export-web (tests/web/test_page.js) with the tools it needs, or a skip.
# usage: tests/web/run.sh [--screenshot PNG]   (make web-test, make web-screenshot; README, "Draw a digit")
#
# Needs Debian's chromium and the npm package playwright-core installed in $WEB_TEST_TOOLS, a scratch
# directory outside the repository (default: $TMPDIR/mnist-web-test-tools). .ci/run installs both:
#   apt-get install chromium
#   PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$WEB_TEST_TOOLS" --no-save playwright-core@1.65.1
# MNIST_PROGRAM=PATH tests another build of the program than ./mnist (CI: CMake's build/cmake/mnist).
# Exits 77 (skipped, as CTest counts it) when one is missing, 0 when every check passed, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools="${WEB_TEST_TOOLS:-${TMPDIR:-/tmp}/mnist-web-test-tools}"
browser="${CHROMIUM:-/usr/bin/chromium}"
skip() { echo "web: skipped: $1"; exit 77; }
[ -x "$browser" ] || skip "no browser at $browser (apt-get install chromium, or CHROMIUM=PATH)"
command -v node >/dev/null || skip "no node (apt-get install nodejs)"
[ -f "$tools/node_modules/playwright-core/package.json" ] ||
  skip "no playwright-core in $tools (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix $tools --no-save playwright-core@1.65.1)"
program="${MNIST_PROGRAM:-./mnist}"
[ -x "$program" ] || { echo "web: $program is missing: run make mnist first" >&2; exit 1; }
exec node tests/web/test_page.js "$tools" "$browser" "$@"
