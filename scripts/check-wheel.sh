#!/usr/bin/env bash
# Prove the install (issue 15): build the wheel, install it into a virtual environment of its
# own (not the development one), and from an empty temporary folder run what a new user runs:
#   upwork-analytics --help; report monthly (bundled sample); validate and report monthly on a
#   CSV of their own; validate --json -.
# Checks that the report lands in ./reports/<month>/monthly.html of that folder, that nothing
# is written inside the installation (site-packages), and that the installed notebooks and
# sample are the repository's files byte for byte.
#
# Cost: the environment is built with every dependency the wheel declares (pip, from its
# cache) only when pyproject.toml changes (stamped with its hash); otherwise only the new
# wheel is reinstalled into it (--no-deps --force-reinstall). That is sound because the
# dependency set is a function of pyproject.toml alone, and the wheel itself is always fresh.
# Run by `make test` (and so by .ci/run); `make wheel-check` runs it alone.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
DEV_PY=${DEV_PY:-.venv/bin/python}
ENV_DIR=$(realpath -m "${WHEEL_VENV:-.venv-wheel}")
PIP_QUIET=(--quiet --disable-pip-version-check)
t0=$SECONDS
say() { echo "check-wheel: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
# run a pip command; show its output only when it fails (without pip's harmless "Location
# ... is ignored" lines)
pip_quietly() {
    local out status=0
    out=$("$@" 2>&1) || status=$?
    if [ $status != 0 ]; then
        grep -v "is ignored: it is neither a file nor a directory" <<<"$out" | grep . >&2 || true
    fi
    return $status
}

work=$(mktemp -d "${TMPDIR:-/tmp}/upwork-wheel.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 1. the wheel, from a clean build folder (a stale build/ could ship deleted files)
rm -rf build
pip_quietly "$DEV_PY" -m pip wheel "${PIP_QUIET[@]}" --no-deps . -w "$work/dist" \
    || fail "building the wheel"
rm -rf build
wheel=$(ls "$work"/dist/upwork_analytics-*.whl 2>/dev/null | head -n 1)
[ -n "$wheel" ] || fail "no wheel was built"
t_build=$((SECONDS - t0))

# 2. its own environment: all declared dependencies, rebuilt when pyproject.toml changes
stamp="$ENV_DIR/.deps-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    say "building $ENV_DIR with the wheel's dependencies (once per pyproject.toml change)"
    rm -rf "$ENV_DIR"
    "$PYTHON" -m venv "$ENV_DIR"
    pip_quietly "$ENV_DIR/bin/python" -m pip install "${PIP_QUIET[@]}" "$wheel" \
        || fail "installing the wheel with its dependencies"
    touch "$stamp"
else
    pip_quietly "$ENV_DIR/bin/python" -m pip install "${PIP_QUIET[@]}" --no-deps \
        --force-reinstall "$wheel" || fail "installing the wheel"
fi
pip_quietly "$ENV_DIR/bin/python" -m pip check || fail "pip check: a declared dependency is missing"
site=$("$ENV_DIR/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
pkg="$site/upwork_analytics"
[ -f "$pkg/cli.py" ] || fail "the wheel did not install upwork_analytics into $site"
t_install=$((SECONDS - t0 - t_build))

# 3. the installed package data is the repository's
for pair in notebooks:notebooks data/sample:data/sample data/examples:data/examples \
            data/templates:data/templates; do
    diff -r "$pkg/resources/${pair%%:*}" "$ROOT/${pair##*:}" >&2 \
        || fail "installed resources/${pair%%:*} differs from ${pair##*:}/"
done
[ -f "$pkg/resources/nbconvert/offline.html.j2" ] || fail "nbconvert template not installed"

# 4. run it from an empty folder, as a user would
run="$work/run"
mkdir "$run"
marker="$work/installed-marker"
touch "$marker"
sleep 1  # so that anything written afterwards is newer than the marker
cli="$ENV_DIR/bin/upwork-analytics"
cd "$run"
"$cli" --help >/dev/null || fail "--help"
html=$("$cli" report monthly --quiet) || fail "report monthly (sample data)"
case "$html" in
    reports/????-??/monthly.html) [ -s "$run/$html" ] || fail "$html is missing or empty" ;;
    *) fail "report monthly printed '$html', expected reports/<YYYY-MM>/monthly.html" ;;
esac
# a CSV of the user's own: 300 proposals of the sample, saved where they work
"$ENV_DIR/bin/python" - <<'EOF' || fail "could not write my.csv"
import csv
from upwork_analytics.paths import SAMPLE_PROPOSALS
with open(SAMPLE_PROPOSALS, newline="", encoding="utf-8") as src:
    rows = list(csv.reader(src))
with open("my.csv", "w", newline="", encoding="utf-8") as out:
    csv.writer(out).writerows(rows[:1] + rows[-300:])
EOF
"$cli" validate my.csv >"$work/validate.txt" || fail "validate my.csv"
grep -q "my.csv (csv, utf-8, comma): 300 rows" "$work/validate.txt" \
    || fail "validate my.csv said: $(head -n 3 "$work/validate.txt")"
"$cli" validate my.csv --json - 2>/dev/null | "$ENV_DIR/bin/python" -c \
    'import json, sys; assert json.load(sys.stdin)["proposals"]["rows_kept"] == 300' \
    || fail "validate --json - did not print the JSON report on stdout"
own=$("$cli" report monthly --data my.csv --out mine --quiet) || fail "report monthly --data"
[ -s "$run/$own" ] || fail "report monthly --data my.csv wrote no $own"
cd "$ROOT"

# 5. nothing written inside the installation, nothing stray in the user's folder
written=$(find "$ENV_DIR" -newer "$marker" -type f | head -n 20)
[ -z "$written" ] || fail "files written inside the installation: $written"
stray=$(cd "$run" && find . -type f ! -path './reports/*' ! -path './mine/*' ! -name my.csv)
[ -z "$stray" ] || fail "unexpected files in the working folder: $stray"

say "OK in $((SECONDS - t0)) s (build ${t_build} s, install ${t_install} s, commands" \
    "$((SECONDS - t0 - t_build - t_install)) s): $(basename "$wheel") installed in $ENV_DIR" \
    "and run from an empty folder; wrote $html, nothing inside site-packages"
