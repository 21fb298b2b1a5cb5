#!/usr/bin/env bash
# Install the system packages the test suite needs (Debian/Ubuntu): Chromium for the
# real-browser test of rendered reports. Run by `make test`; safe to run again, does nothing
# when Chromium is present.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-system-deps: no apt-get here; install Chromium yourself (the browser tests" \
         "are skipped without it, and fail in CI, with CI=true)" >&2
    exit 0
fi
echo "install-system-deps: installing Chromium for the browser tests (apt, once)" >&2
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium \
    fonts-dejavu-core >/dev/null
