#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   scripts/dev.sh run [--data-dir DIR]   install what is missing, build, start the app
#                                         (on a demo data dir when none is given)
#   scripts/dev.sh test                   install what is missing, build, run every test
#   scripts/dev.sh bench [ARGS]           install what is missing (restic too), run the
#                                         benchmarks (bench/run.py ARGS) into bench/report.md
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
  # test tools: digests, PDFs, QR codes
  openssl poppler-utils zbar-tools
  # backup tests on a real exFAT image (loop device + FUSE: the kernel has no exFAT driver)
  exfatprogs exfat-fuse
)

step() { printf '\n== %s\n' "$*"; }

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
  if ! command -v tauri-driver >/dev/null; then
    step "cargo install tauri-driver"
    CARGO_TARGET_DIR="$HOME/.cache/dengji-tools-target" cargo install tauri-driver --locked --version '^2' --quiet
  fi
}

install_node() {
  for dir in ui tests; do
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

run_tests() {
  step "cargo test (workspace)"
  cargo test --workspace --locked
  step "generated TypeScript bindings are fresh"
  if ! git diff --exit-code --stat -- ui/src/bindings; then
    echo "ui/src/bindings is stale: run 'cargo test -p dengji-app' and commit the result" >&2
    exit 1
  fi
  step "frontend type check"
  (cd ui && npx tsc --noEmit)
  step "end-to-end journeys (real app under Xvfb through tauri-driver)"
  DENGJI_APP="$CARGO_TARGET_DIR/debug/dengji-app" DENGJI_CLI="$CARGO_TARGET_DIR/debug/dengji" \
    timeout --kill-after=10 1500 xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 tests/e2e/
  step "benchmark harness, smoke run (tiny corpora, debug build: the numbers mean nothing)"
  local bench_work
  bench_work="$(mktemp -d)"
  python3 bench/run.py --quick --debug --skip-build --work "$bench_work/work" --out "$bench_work/report.md"
  rm -rf "$bench_work"
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
  local cli="$CARGO_TARGET_DIR/debug/dengji"
  local pw="演示密码123456"
  if [ ! -f "$dir/catalog.sqlite" ]; then
    step "create the demo archive in $dir" >&2
    DENGJI_NEW_PASSWORD="$pw" "$cli" --data-dir "$dir" init --archive-name "演示档案馆（演示数据）" --region 330102 --admin 演示管理员 >&2
    as() { DENGJI_USER="$1" DENGJI_PASSWORD="$pw" "$cli" --data-dir "$dir" "${@:2}"; }
    DENGJI_NEW_PASSWORD="$pw" as 演示管理员 user add 演示登记员 --role clerk >&2
    DENGJI_NEW_PASSWORD="$pw" as 演示管理员 user add 演示审核员 --role reviewer >&2
    as 演示登记员 unit add --name "演示科技有限公司" --kind enterprise --uscc 91330000MA27U0TT7T --domain 工商 >/dev/null
    local src id
    src="$(mktemp -d)/2025年文书档案"
    mkdir -p "$src/会议纪要"
    printf '演示文件：%s\n' 一 > "$src/会议纪要/第一次会议.txt"
    printf '演示文件：%s\n' 二 > "$src/会议纪要/第二次会议.txt"
    id=$(as 演示登记员 intake --unit 1 --title "2025年文书档案（演示）" "$src" 2>/dev/null)
    as 演示审核员 seal "$id" >/dev/null
  fi
  echo "demo accounts: 演示管理员 / 演示登记员 / 演示审核员, password $pw" >&2
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
      exec xvfb-run -a -s "-screen 0 1280x800x24" "$CARGO_TARGET_DIR/debug/dengji-app" --data-dir "$data_dir"
    fi
    exec "$CARGO_TARGET_DIR/debug/dengji-app" --data-dir "$data_dir"
    ;;
  test)
    install_system
    install_node
    build
    run_tests
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
    exec python3 bench/run.py "$@"
    ;;
  fuzz)
    fuzz "$@"
    ;;
  *)
    echo "usage: scripts/dev.sh run [--data-dir DIR] | scripts/dev.sh test | scripts/dev.sh bench [--quick] [--runs N] | scripts/dev.sh fuzz [SECONDS] [CASES]" >&2
    exit 2
    ;;
esac
