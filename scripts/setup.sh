#!/usr/bin/env bash
# Idempotent installer for the tools innoscore needs to build and test.
#
#   scripts/setup.sh           everything
#   scripts/setup.sh build     Rust wasm target, wasm-pack, binaryen (wasm-opt), wasm-bindgen-cli, terser
#   scripts/setup.sh browser   Debian chromium + chromium-driver (for wasm-pack test / e2e)
#
# Each step prints "==> ..." before it runs, "==> X already installed" when
# there is nothing to do, and "setup: step 'X' failed: ..." (exit 1) on error.
# Only package registries are reachable: nothing here downloads binaries
# from GitHub or elsewhere.
set -Eeuo pipefail

WASM_PACK_VERSION="0.15.1"
BINARYEN_VERSION="132.0.0"
BINARYEN_MAJOR="${BINARYEN_VERSION%%.*}"
TERSER_VERSION="5.51.4"
RUST_TARGET="wasm32-unknown-unknown"

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$CARGO_BIN:$PATH"

STEP="init"
APT_UPDATED=0

say()  { echo "==> $*"; }
fail() { echo "setup: step '$STEP' failed: $*" >&2; exit 1; }
# Catch-all for anything not handled with an explicit `|| fail`.
trap 'rc=$?; echo "setup: step '\''$STEP'\'' failed: command exited with status $rc (line $LINENO)" >&2' ERR

apt_install() {
    if [ "$(id -u)" -ne 0 ]; then
        fail "need root for apt-get install $* (run as root or install the packages by hand)"
    fi
    if [ "$APT_UPDATED" -eq 0 ]; then
        say "apt-get update"
        apt-get update -q || fail "apt-get update failed (is the Debian mirror reachable?)"
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" \
        || fail "apt-get install $* failed"
}

# output_matches REGEX CMD...: does CMD's output contain a line matching REGEX?
# (Output is captured first so that `grep -q` cannot SIGPIPE the command
# and fail the pipeline under pipefail.)
output_matches() {
    local re="$1" out
    shift
    out="$("$@" 2>/dev/null || true)"
    grep -q -- "$re" <<<"$out"
}

need_cargo() {
    command -v cargo >/dev/null 2>&1 && command -v rustup >/dev/null 2>&1 \
        || fail "cargo/rustup not found (looked in $CARGO_BIN and PATH); install Rust with rustup first"
}

# ---------------------------------------------------------------- browser ---
step_browser() {
    STEP="chromium"
    if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
        say "chromium + chromium-driver already installed ($(/usr/bin/chromium --version 2>/dev/null || echo '?'))"
        return 0
    fi
    say "installing Debian packages chromium chromium-driver"
    apt_install chromium chromium-driver
    [ -x /usr/bin/chromium ] || fail "/usr/bin/chromium still missing after apt-get install"
    [ -x /usr/bin/chromedriver ] || fail "/usr/bin/chromedriver still missing after apt-get install"
}

step_fonts() {
    # Chinese glyphs for screenshots of the zh-CN page (without them they render as boxes)
    STEP="fonts-wqy-microhei"
    if dpkg -s fonts-wqy-microhei >/dev/null 2>&1; then
        say "fonts-wqy-microhei already installed"
        return 0
    fi
    say "installing Debian package fonts-wqy-microhei (Chinese font for screenshots)"
    apt_install fonts-wqy-microhei
}

# ------------------------------------------------------------------ build ---
step_rust_target() {
    STEP="rust target $RUST_TARGET"
    need_cargo
    if output_matches "^$RUST_TARGET\$" rustup target list --installed; then
        say "rust target $RUST_TARGET already installed"
        return 0
    fi
    say "rustup target add $RUST_TARGET"
    rustup target add "$RUST_TARGET" || fail "rustup target add $RUST_TARGET failed"
}

step_wasm_pack() {
    STEP="wasm-pack $WASM_PACK_VERSION"
    need_cargo
    if output_matches "^wasm-pack $WASM_PACK_VERSION\b" wasm-pack --version; then
        say "wasm-pack $WASM_PACK_VERSION already installed"
        return 0
    fi
    say "cargo install wasm-pack --version $WASM_PACK_VERSION --locked (takes a few minutes)"
    cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force \
        || fail "cargo install wasm-pack failed (crates.io reachable? C toolchain installed?)"
}

step_binaryen() {
    STEP="binaryen $BINARYEN_VERSION (npm)"
    if ! command -v npm >/dev/null 2>&1; then
        say "npm not found: installing Debian packages nodejs npm"
        apt_install nodejs npm
    fi
    local npm_bin
    npm_bin="$(npm prefix -g)/bin" || fail "npm prefix -g failed"
    if output_matches "version $BINARYEN_MAJOR\b" "$npm_bin/wasm-opt" --version; then
        say "binaryen $BINARYEN_VERSION already installed ($npm_bin/wasm-opt)"
        return 0
    fi
    if dpkg -s binaryen >/dev/null 2>&1; then
        fail "Debian's 'binaryen' package is installed (v108, produces broken modules and may shadow npm's wasm-opt); remove it: apt-get remove -y binaryen"
    fi
    say "npm install -g binaryen@$BINARYEN_VERSION"
    npm install -g "binaryen@$BINARYEN_VERSION" \
        || fail "npm install -g binaryen@$BINARYEN_VERSION failed (npm registry reachable?)"
    output_matches "version $BINARYEN_MAJOR\b" "$npm_bin/wasm-opt" --version \
        || fail "$npm_bin/wasm-opt does not report version $BINARYEN_MAJOR after install"
}

step_terser() {
    STEP="terser $TERSER_VERSION (npm)"
    command -v npm >/dev/null 2>&1 || apt_install nodejs npm
    local npm_bin
    npm_bin="$(npm prefix -g)/bin" || fail "npm prefix -g failed"
    if output_matches "^terser $TERSER_VERSION\b" "$npm_bin/terser" --version; then
        say "terser $TERSER_VERSION already installed ($npm_bin/terser)"
        return 0
    fi
    say "npm install -g terser@$TERSER_VERSION"
    npm install -g "terser@$TERSER_VERSION" \
        || fail "npm install -g terser@$TERSER_VERSION failed (npm registry reachable?)"
    output_matches "^terser $TERSER_VERSION\b" "$npm_bin/terser" --version \
        || fail "$npm_bin/terser does not report version $TERSER_VERSION after install"
}

wasm_bindgen_version() {
    # Version of the wasm-bindgen crate resolved in Cargo.lock ...
    if [ -f Cargo.lock ]; then
        awk '/^\[\[package\]\]/ { p = 0 }
             /^name = "wasm-bindgen"$/ { p = 1 }
             p && /^version = / { gsub(/"/, "", $3); print $3; exit }' Cargo.lock
        return 0
    fi
    # ... or, without a lockfile, the version pinned in Cargo.toml.
    grep -E '^[[:space:]]*wasm-bindgen[[:space:]]*=' Cargo.toml \
        | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1
}

step_wasm_bindgen() {
    STEP="wasm-bindgen-cli"
    need_cargo
    if [ ! -f Cargo.lock ]; then
        say "cargo generate-lockfile (Cargo.lock is missing)"
        cargo generate-lockfile \
            || echo "==> cargo generate-lockfile failed; falling back to the version pinned in Cargo.toml" >&2
    fi
    local want
    want="$(wasm_bindgen_version || true)"
    [ -n "$want" ] || fail "cannot find the wasm-bindgen version in Cargo.lock or Cargo.toml"
    STEP="wasm-bindgen-cli $want"
    if output_matches "^wasm-bindgen $want\b" wasm-bindgen --version; then
        say "wasm-bindgen-cli $want already installed"
        return 0
    fi
    say "cargo install wasm-bindgen-cli --version $want (takes a few minutes)"
    # Not --locked: the CLI's own lockfile pins crates that no longer build.
    cargo install wasm-bindgen-cli --version "$want" --force \
        || fail "cargo install wasm-bindgen-cli --version $want failed (crates.io reachable?)"
    output_matches "^wasm-bindgen $want\b" wasm-bindgen --version \
        || fail "wasm-bindgen on PATH is '$(wasm-bindgen --version 2>&1 || true)', expected $want (is another one earlier on PATH?)"
}

do_build()   { step_rust_target; step_wasm_pack; step_binaryen; step_wasm_bindgen; step_terser; }
do_browser() { step_browser; step_fonts; }

usage() { echo "usage: $0 [build|browser|all]" >&2; exit 2; }

[ "$#" -le 1 ] || usage
case "${1:-all}" in
    build)   do_build ;;
    browser) do_browser ;;
    all)     do_browser; do_build ;;
    -h|--help|help) echo "usage: $0 [build|browser|all]"; exit 0 ;;
    *)       usage ;;
esac
STEP="done"
say "setup (${1:-all}) complete"
