#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   scripts/dev.sh run [--data-dir DIR]   install what is missing, build, start the app
#                                         (on a demo data dir when none is given)
#   scripts/dev.sh test                   install what is missing, build, run every test
#   scripts/dev.sh bench [ARGS]           install what is missing (restic too), run the
#                                         benchmarks (bench/run.py ARGS) into bench/report.md
#   scripts/dev.sh manual                 run the end-to-end journeys and refresh the user
#                                         manual's screenshots (docs/images) from them
#   scripts/dev.sh deb [--release]        build the offline-installable .deb (app + CLI)
#                                         into dist/ (debug build unless --release)
#   scripts/dev.sh fuzz [SECONDS] [CASES] the property tests of every parser of outside
#                                         input (core tests named prop_*), round after round
#                                         with fresh seeds and CASES cases each (default
#                                         5000), for SECONDS (default 600); plus the crash
#                                         harness with DENGJI_CRASH_KILLS kills (default 1000)
# Cargo builds go to $CARGO_TARGET_DIR (default ~/.cache/dengji-target), a cache that
# survives between clones and CI runs; a run without it builds from scratch.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/dengji-target}"
export CARGO_TERM_COLOR=never
export GSETTINGS_BACKEND=memory

APT_PACKAGES=(
  # build and run the Tauri app (WebKitGTK)
  libwebkit2gtk-4.1-dev build-essential curl wget file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config
  # headless runs and end-to-end tests
  xvfb xauth webkit2gtk-driver imagemagick xdotool fonts-noto-cjk
  # the offline verifier page (verifier/) tested in a real browser
  chromium chromium-driver
  # test tools: digests, PDFs, QR codes
  openssl poppler-utils zbar-tools libxml2-utils
  # a standard S3 client, the benchmark's baseline for intake into a bucket
  rclone
  # a centre archive's catalog: the tests start a throwaway PostgreSQL 15 server
  postgresql-15
  # backup tests on a real exFAT image (loop device + FUSE: the kernel has no exFAT driver)
  exfatprogs exfat-fuse
  # the core and CLI must keep compiling for Windows (the C of bundled SQLite needs MinGW)
  gcc-mingw-w64-x86-64
)

step() { printf '\n== %s\n' "$*"; }

# shellcheck source=scripts/seaweedfs.sh
source "$root/scripts/seaweedfs.sh"
# shellcheck source=scripts/postgres.sh
source "$root/scripts/postgres.sh"

install_system() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if ((${#missing[@]})); then
    step "apt-get install ${missing[*]}"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v cargo >/dev/null || { echo "Rust (cargo) is required: https://rustup.rs" >&2; exit 2; }
  command -v node >/dev/null || { echo "Node.js 20+ and npm are required" >&2; exit 2; }
  # The BagIt reference validator (LoC's bagit.py), used by the backup tests.
  python3 -c 'import bagit' 2>/dev/null || { step "pip install bagit"; pip install --quiet bagit; }
  # The OCFL reference validator (ocfl-py's ocfl-validate.py), used by the series-on-media tests.
  command -v ocfl-validate.py >/dev/null || { step "pip install ocfl-py"; pip install --quiet ocfl-py; }
  if ! command -v tauri-driver >/dev/null; then
    step "cargo install tauri-driver"
    CARGO_TARGET_DIR="$HOME/.cache/dengji-tools-target" cargo install tauri-driver --locked --version '^2' --quiet
  fi
}

install_node() {
  for dir in ui tests packaging verifier scripts/lint; do
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
      step "npm ci ($dir)"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  done
}

# Cargo hashes workspace members independently of where the checkout lives, and judges
# freshness by the source paths recorded at the last build. When the shared target dir
# was last built from another checkout (another clone, CI), its workspace artifacts could
# look fresh here while coming from other sources: rebuild our own crates in that case.
claim_target_dir() {
  local mark="$CARGO_TARGET_DIR/.dengji-checkout"
  if [ "$(cat "$mark" 2>/dev/null)" != "$root" ]; then
    cargo clean --quiet -p dengji-core -p dengji-cli -p dengji-bench -p dengji-app 2>/dev/null || true
    mkdir -p "$CARGO_TARGET_DIR"
    echo "$root" > "$mark"
  fi
}

build() {
  claim_target_dir
  step "build the frontend"
  (cd ui && npm run build --silent)
  step "cargo build (workspace)"
  cargo build --workspace --locked
}

run_e2e() {
  step "end-to-end journeys (real app under Xvfb through tauri-driver)"
  DENGJI_APP="$CARGO_TARGET_DIR/debug/dengji-app" DENGJI_CLI="$CARGO_TARGET_DIR/debug/dengji" \
    timeout --kill-after=10 1500 xvfb-run -a -s "-screen 0 1366x768x24" node --test --test-concurrency=1 tests/e2e/
}

# The manual shows what the end-to-end tests saw: copy each screenshot it names.
refresh_manual_images() {
  mkdir -p docs/images
  rm -f docs/images/*.png
  grep -o 'images/[^)]*\.png' docs/用户手册.md | sort -u | while read -r rel; do
    cp "tests/artifacts/$(basename "$rel")" "docs/$rel"
  done
}

# Many archive PCs run Windows: the core and the CLI must compile there without warnings
# (platform code sits behind cfg with a Windows counterpart).
check_windows() {
  step "cargo check for Windows (core + CLI)"
  if command -v rustup >/dev/null; then rustup target add x86_64-pc-windows-gnu >/dev/null 2>&1 || true; fi
  CARGO_TARGET_DIR="$CARGO_TARGET_DIR/windows" RUSTFLAGS="-D warnings" \
    cargo check --locked --target x86_64-pc-windows-gnu -p dengji-core -p dengji-cli
}

# The offline verifier page (证明与摘要核验页): verifier/ builds it into the asset the core
# embeds, which must come out byte for byte as committed; then its logic's unit tests and
# the page itself in Chromium over file://.
test_verifier() {
  step "verifier page: rebuild, committed copy unchanged"
  (cd verifier && npm run build --silent)
  if ! git diff --exit-code --stat -- crates/dengji-core/assets/verifier.html; then
    echo "crates/dengji-core/assets/verifier.html is stale: run 'npm run build' in verifier/ and commit the result" >&2
    exit 1
  fi
  step "verifier page: unit tests"
  (cd verifier && node --test)
  step "verifier page in Chromium (file://, under Xvfb)"
  DENGJI_CLI="$CARGO_TARGET_DIR/debug/dengji" \
    timeout --kill-after=10 300 xvfb-run -a -s "-screen 0 1366x768x24" node --test tests/verifier/
}

# Lints fail the test command: rustfmt, clippy with warnings as errors (the lints set in
# Cargo.toml's [workspace.lints]), ESLint with the React hooks rules over ui/ and tests/,
# and TypeScript over both (tests/ are JavaScript checked from their JSDoc).
lint() {
  step "cargo fmt --check"
  cargo fmt --all --check
  step "cargo clippy (warnings are errors)"
  cargo clippy --workspace --all-targets --locked -- -D warnings
  step "ESLint (ui/src, tests/)"
  scripts/lint/node_modules/.bin/eslint -c scripts/lint/eslint.config.mjs ui/src tests
  step "TypeScript check (ui/, tests/)"
  (cd ui && npx tsc --noEmit)
  (cd tests && npx tsc -p .)
}

run_tests() {
  lint
  step "frontend unit tests (Vitest: formatting, stores, the progress runner)"
  (cd ui && npx vitest run)
  s3_start
  pg_start
  trap 'pg_stop; s3_stop' EXIT
  # Tests that need the servers fail, rather than pass quietly, if they are missing.
  export DENGJI_TEST_SERVERS=required
  step "cargo test (workspace)"
  cargo test --workspace --locked
  step "conformance: the core's integration tests again, the vault in the S3-compatible cluster"
  # --workspace, so the dependencies keep the features of the build above (-p alone
  # resolves them for the core only and rebuilds the whole graph).
  DENGJI_TEST_VAULT=s3 cargo test --workspace --test core --locked
  step "conformance: the core's integration tests again, a centre archive (catalog in PostgreSQL, vault in S3)"
  DENGJI_TEST_CATALOG=postgres DENGJI_TEST_VAULT=s3 cargo test --workspace --test core --locked
  check_windows
  step "generated TypeScript bindings are fresh"
  if ! git diff --exit-code --stat -- ui/src/bindings; then
    echo "ui/src/bindings is stale: run 'cargo test -p dengji-app' and commit the result" >&2
    exit 1
  fi
  test_verifier
  run_e2e
  step "user manual: journeys covered, screenshots present"
  node --test tests/docs/
  test_deb
  step "benchmark harness, smoke run (tiny corpora, debug build: the numbers mean nothing)"
  local bench_work
  bench_work="$(mktemp -d)"
  python3 bench/run.py --quick --debug --skip-build --work "$bench_work/work" --out "$bench_work/report.md"
  rm -rf "$bench_work"
}

# Tauri's bundler packs the already built app; the CLI rides along as /usr/bin/dengji.
# Prints the path of the .deb (copied to dist/).
package_deb() {
  local profile="$1" flag=""
  [ "$profile" = debug ] && flag="--debug"
  local overlay
  overlay="{\"bundle\":{\"linux\":{\"deb\":{\"files\":{\"/usr/bin/dengji\":\"$CARGO_TARGET_DIR/$profile/dengji\"}}}}}"
  rm -rf "$CARGO_TARGET_DIR/$profile/bundle/deb"
  step "tauri bundle --bundles deb ($profile)" >&2
  # packaging/deb.conf.json: an ASCII package name (dpkg requires one) with the Chinese
  # name kept in the desktop entry, and the declared dependencies.
  packaging/node_modules/.bin/tauri bundle $flag --ci --bundles deb --config packaging/deb.conf.json --config "$overlay" >&2
  mkdir -p dist
  local deb
  deb="$(ls "$CARGO_TARGET_DIR/$profile/bundle/deb/"*.deb)"
  cp "$deb" dist/
  echo "$root/dist/$(basename "$deb")"
}

# Installs the .deb as an administrator would (apt pulls the declared dependencies), then
# starts both installed binaries.
test_deb() {
  local deb
  deb="$(package_deb debug)"
  step "install $deb"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --reinstall "$deb" >/dev/null
  step "the installed app and CLI start"
  DENGJI_APP=/usr/bin/dengji-app DENGJI_CLI=/usr/bin/dengji DENGJI_DEB="$deb" \
    timeout --kill-after=10 300 xvfb-run -a -s "-screen 0 1366x768x24" node --test tests/install/
}

# Property tests under a large case budget for a fixed time. cargo-fuzz would need a
# nightly toolchain; `cargo test` runs the same properties with a small budget.
fuzz() {
  local seconds="${1:-600}" cases="${2:-5000}" rounds=0
  claim_target_dir
  cargo test -p dengji-core --lib --locked --no-run --quiet
  local end=$((SECONDS + seconds))
  while ((SECONDS < end)); do
    rounds=$((rounds + 1))
    step "property tests, round $rounds ($cases cases each; failures are kept in proptest-regressions/)"
    PROPTEST_CASES="$cases" cargo test -p dengji-core --lib --locked --quiet prop_
  done
  step "crash harness (${DENGJI_CRASH_KILLS:-1000} kills)"
  DENGJI_CRASH_KILLS="${DENGJI_CRASH_KILLS:-1000}" cargo test -p dengji-cli --test cli --locked --quiet crash:: -- --nocapture
  echo "fuzz: $rounds rounds of $cases cases in ${seconds}s budget"
}

demo_dir() {
  local dir="$HOME/.local/share/dengji-demo"
  if [ ! -f "$dir/catalog.sqlite" ]; then
    step "create the demo archive in $dir" >&2
    "$CARGO_TARGET_DIR/debug/dengji" --data-dir "$dir" demo >&2
  fi
  echo "demo accounts: 演示管理员 / 演示登记员 / 演示审核员, password 演示密码123456" >&2
  echo "$dir"
}

cmd="${1:-}"
shift || true
case "$cmd" in
  run)
    install_system
    install_node
    build
    data_dir=""
    if [ "${1:-}" = "--data-dir" ] && [ -n "${2:-}" ]; then data_dir="$2"; fi
    [ -n "$data_dir" ] || data_dir="${DENGJI_DATA_DIR:-$(demo_dir)}"
    step "start dengji-app on $data_dir"
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      echo "(no display: running under Xvfb)"
      exec xvfb-run -a -s "-screen 0 1366x768x24" "$CARGO_TARGET_DIR/debug/dengji-app" --data-dir "$data_dir"
    fi
    exec "$CARGO_TARGET_DIR/debug/dengji-app" --data-dir "$data_dir"
    ;;
  test)
    install_system
    install_node
    build
    run_tests
    ;;
  manual)
    install_system
    install_node
    build
    rm -rf tests/artifacts
    run_e2e
    refresh_manual_images
    ;;
  deb)
    install_system
    install_node
    if [ "${1:-}" = "--release" ]; then
      claim_target_dir
      (cd ui && npm run build --silent)
      cargo build --release --locked -p dengji-app -p dengji-cli
      package_deb release
    else
      build
      package_deb debug
    fi
    ;;
  bench)
    install_system
    if ! command -v restic >/dev/null; then
      step "apt-get install restic"
      sudo=""
      [ "$(id -u)" = 0 ] || sudo=sudo
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends restic >/dev/null
    fi
    claim_target_dir
    s3_start
    pg_start
    trap 'pg_stop; s3_stop' EXIT
    python3 bench/run.py "$@"
    ;;
  fuzz)
    fuzz "$@"
    ;;
  *)
    echo "usage: scripts/dev.sh run [--data-dir DIR] | scripts/dev.sh test | scripts/dev.sh deb [--release] | scripts/dev.sh manual | scripts/dev.sh bench [--quick] [--runs N] | scripts/dev.sh fuzz [SECONDS] [CASES]" >&2
    exit 2
    ;;
esac
