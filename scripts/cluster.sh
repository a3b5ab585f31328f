#!/usr/bin/env bash
# CivilDesk on several "machines", all on this one: the topology of
# docs/operations.md ("Several machines"), started with the real components.
#
#   scripts/cluster.sh up                create the database, migrate, start everything, wait for /healthz
#   scripts/cluster.sh down [--purge]    stop everything started here (--purge also drops the database)
#   scripts/cluster.sh status            one line per component: running or not
#   scripts/cluster.sh env               only write CLUSTER_DIR/env (e.g. to restore a backup before `up`)
#   scripts/cluster.sh start|stop|kill NAME   NAME: node1..nodeN, worker1..workerM, redis, balancer
#                                        (kill = SIGKILL to the whole process group: a machine lost)
#
# Environment (defaults in brackets):
#   CLUSTER_DIR [var/cluster]       run/NAME.pid, log/NAME.log, shared/ (the "NFS" data directory:
#                                   files, audit anchor, signing keys, static, embedding cache),
#                                   keys/ (field and audit keys), nodes/NAME/index (each node's own index)
#   CLUSTER_PORT [8800]             the balancer (HAProxy); app nodes on +1..+N; the cluster's own Redis on +79
#   CLUSTER_DB [civildesk_cluster]  PostgreSQL database on 127.0.0.1:5432, user postgres
#   CLUSTER_NODES [3]  CLUSTER_WORKERS [2]  CLUSTER_GUNICORN_WORKERS [2]
#
# `up` writes CLUSTER_DIR/env: `set -a; . var/cluster/env; set +a` and manage.py
# runs against the cluster (its database, Redis, shared files and keys).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"

CLUSTER_DIR=${CLUSTER_DIR:-var/cluster}
mkdir -p "$CLUSTER_DIR"
CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd)
CLUSTER_PORT=${CLUSTER_PORT:-8800}
CLUSTER_DB=${CLUSTER_DB:-civildesk_cluster}
CLUSTER_NODES=${CLUSTER_NODES:-3}
CLUSTER_WORKERS=${CLUSTER_WORKERS:-2}
CLUSTER_GUNICORN_WORKERS=${CLUSTER_GUNICORN_WORKERS:-2}
REDIS_PORT=$((CLUSTER_PORT + 79))
PG="postgres://postgres@127.0.0.1:5432"
RUN="$CLUSTER_DIR/run"
LOG="$CLUSTER_DIR/log"
SHARED="$CLUSTER_DIR/shared"
KEYS="$CLUSTER_DIR/keys"

die() { echo "cluster: $*" >&2; exit 1; }
names() {
  echo redis
  for i in $(seq 1 "$CLUSTER_NODES"); do echo "node$i"; done
  for i in $(seq 1 "$CLUSTER_WORKERS"); do echo "worker$i"; done
  echo balancer
}
node_port() { echo $((CLUSTER_PORT + ${1#node})); }

write_env() {
  mkdir -p "$RUN" "$LOG" "$SHARED" "$KEYS" "$CLUSTER_DIR/redis"
  local secret
  if [ -f "$KEYS/secret" ]; then secret=$(cat "$KEYS/secret"); else
    secret=$(head -c 48 /dev/urandom | base64 | tr -d '/+=\n')
    (umask 077 && printf '%s' "$secret" >"$KEYS/secret")
  fi
  # The environment file of every machine (app nodes and workers alike); a
  # node adds its own CIVILDESK_INDEX_DIR.
  cat >"$CLUSTER_DIR/env" <<EOF
DJANGO_SETTINGS_MODULE=civildesk.settings
DATABASE_URL=$PG/$CLUSTER_DB
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
CIVILDESK_TASK_BACKEND=django_tasks_rq.RQBackend
CIVILDESK_DATA_DIR=$SHARED
CIVILDESK_EMBEDDING_CACHE=${CIVILDESK_EMBEDDING_CACHE:-$SHARED/embeddings}
CIVILDESK_FIELD_KEY_FILE=$KEYS/field.key
CIVILDESK_AUDIT_KEY_FILE=$KEYS/audit.key
CIVILDESK_INDEX_DIR=$CLUSTER_DIR/nodes/manage/index
CIVILDESK_PROXY_COUNT=${CIVILDESK_PROXY_COUNT:-1}
CIVILDESK_EMBEDDING_THREADS=1
DJANGO_DEBUG=0
DJANGO_SECRET_KEY=$secret
CLUSTER_DIR=$CLUSTER_DIR
CLUSTER_PORT=$CLUSTER_PORT
CLUSTER_URL=http://127.0.0.1:$CLUSTER_PORT
EOF
  chmod 600 "$CLUSTER_DIR/env"
}

load_env() {
  [ -f "$CLUSTER_DIR/env" ] || write_env
  set -a
  # shellcheck disable=SC1091
  . "$CLUSTER_DIR/env"
  set +a
}

descendants() {
  local c
  for c in $(ps -o pid= --ppid "$1" 2>/dev/null || true); do echo "$c"; descendants "$c"; done
}
pid_of() { cat "$RUN/$1.pid" 2>/dev/null || true; }
alive() { local p; p=$(pid_of "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# Start a command in its own session (process group = its pid), detached, logged.
spawn() {
  local name=$1; shift
  if alive "$name"; then echo "$name already running (pid $(pid_of "$name"))"; return 0; fi
  setsid "$@" >>"$LOG/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
}

write_haproxy() {
  {
    cat <<EOF
global
  maxconn 4096
  log stderr format raw local0 warning
defaults
  mode http
  log global
  option httplog
  option forwardfor
  option redispatch
  retries 2
  timeout connect 2s
  timeout client 130s
  timeout server 130s
  timeout http-request 30s
  # a node busy with long requests answers /healthz late; the default check timeout (inter, 1 s)
  # marked every node down under load (503 for all, and shutdown-sessions cut the requests in flight);
  # a killed node still fails its check at once (connection refused)
  timeout check 10s
  # requests beyond what a node's workers can take wait in HAProxy's queue (maxconn below), not in
  # gunicorn's backlog, where /healthz queued behind them and every node was marked down under load
  timeout queue 120s
frontend civildesk
  bind 127.0.0.1:$CLUSTER_PORT
  default_backend nodes
backend nodes
  balance roundrobin
  option httpchk
  http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host 127.0.0.1
  http-check expect status 200
  default-server maxconn $CLUSTER_GUNICORN_WORKERS inter 1s fastinter 500ms fall 2 rise 2 on-marked-down shutdown-sessions
EOF
    for i in $(seq 1 "$CLUSTER_NODES"); do
      echo "  server node$i 127.0.0.1:$(node_port "node$i") check"
    done
  } >"$CLUSTER_DIR/haproxy.cfg"
}

start_one() {
  local name=$1
  load_env
  case "$name" in
    redis)
      spawn redis redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$CLUSTER_DIR/redis" \
        --appendonly yes --appendfsync everysec --save "" --daemonize no --protected-mode yes
      for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
      die "redis did not answer on port $REDIS_PORT (see $LOG/redis.log)"
      ;;
    node*)
      [ "${name#node}" -ge 1 ] && [ "${name#node}" -le "$CLUSTER_NODES" ] || die "no such node: $name"
      mkdir -p "$CLUSTER_DIR/nodes/$name/index"
      spawn "$name" env CIVILDESK_INDEX_DIR="$CLUSTER_DIR/nodes/$name/index" CIVILDESK_NODE="$name" \
        "$ROOT/.venv/bin/gunicorn" civildesk.wsgi --chdir "$ROOT" --bind "127.0.0.1:$(node_port "$name")" \
        --workers "$CLUSTER_GUNICORN_WORKERS" --timeout 120 --graceful-timeout 10 --access-logfile - --name "civildesk-$name"
      ;;
    worker*)
      [ "${name#worker}" -ge 1 ] && [ "${name#worker}" -le "$CLUSTER_WORKERS" ] || die "no such worker: $name"
      mkdir -p "$CLUSTER_DIR/nodes/$name/index"
      spawn "$name" env CIVILDESK_INDEX_DIR="$CLUSTER_DIR/nodes/$name/index" CIVILDESK_NODE="$name" \
        "$PY" "$ROOT/manage.py" rqworker default --name "$name-$(hostname)-$$"
      ;;
    balancer)
      write_haproxy
      haproxy -c -q -f "$CLUSTER_DIR/haproxy.cfg" || die "invalid $CLUSTER_DIR/haproxy.cfg"
      spawn balancer haproxy -db -f "$CLUSTER_DIR/haproxy.cfg"
      ;;
    *) die "unknown component: $name" ;;
  esac
}

stop_one() {
  local name=$1 sig=${2:-TERM} p
  p=$(pid_of "$name")
  if [ -z "$p" ] || ! kill -0 "$p" 2>/dev/null; then rm -f "$RUN/$name.pid"; return 0; fi
  # Its descendants too, wherever their process group (RQ's work-horse has its own).
  local children
  children=$(descendants "$p")
  if [ "$sig" = KILL ]; then
    # shellcheck disable=SC2086
    kill -KILL $children 2>/dev/null || true
  fi
  kill -"$sig" -- "-$p" 2>/dev/null || kill -"$sig" "$p" 2>/dev/null || true
  if [ "$sig" = KILL ]; then
    # Like a machine lost: nothing of it runs on, nothing is cleaned up.
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  else
    # A worker's warm shutdown lets its current job finish, for up to 15 s.
    for _ in $(seq 1 150); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && kill -KILL -- "-$p" 2>/dev/null
    # shellcheck disable=SC2086
    kill -KILL $children 2>/dev/null || true
  fi
  rm -f "$RUN/$name.pid"
}

wait_healthy() {
  local name=$1 url=$2
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null --max-time 5 "$url/healthz" 2>/dev/null; then return 0; fi
    alive "$name" || die "$name exited (see $LOG/$name.log)"
    sleep 0.5
  done
  die "$name did not answer $url/healthz (see $LOG/$name.log)"
}

cmd_up() {
  write_env
  load_env
  command -v haproxy >/dev/null || die "haproxy missing: sh scripts/install-system-deps.sh cluster"
  command -v redis-server >/dev/null || die "redis-server missing: sh scripts/install-system-deps.sh cluster"
  pg_isready -h 127.0.0.1 -p 5432 -q || die "PostgreSQL does not answer on 127.0.0.1:5432"
  if ! psql "$PG/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$CLUSTER_DB'" | grep -q 1; then
    psql "$PG/postgres" -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE \"$CLUSTER_DB\""
  fi
  start_one redis
  echo "migrating $CLUSTER_DB"
  "$PY" manage.py migrate --noinput -v0
  "$PY" manage.py collectstatic --noinput -v0
  for name in $(names); do
    case "$name" in node* | worker*) start_one "$name" ;; esac
  done
  for i in $(seq 1 "$CLUSTER_NODES"); do wait_healthy "node$i" "http://127.0.0.1:$(node_port "node$i")"; done
  start_one balancer
  wait_healthy balancer "$CLUSTER_URL"
  echo "cluster up: $CLUSTER_URL ($CLUSTER_NODES nodes, $CLUSTER_WORKERS workers, database $CLUSTER_DB, redis :$REDIS_PORT)"
  echo "environment: set -a; . $CLUSTER_DIR/env; set +a"
}

cmd_down() {
  local purge=${1:-}
  # Balancer first (no new requests), then nodes and workers, Redis last.
  for name in balancer $(names | grep -v -e '^balancer$' -e '^redis$') redis; do stop_one "$name"; done
  # Anything left from a larger earlier cluster.
  for f in "$RUN"/*.pid; do [ -e "$f" ] && stop_one "$(basename "$f" .pid)"; done
  if [ "$purge" = "--purge" ]; then
    psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS \"$CLUSTER_DB\" WITH (FORCE)" >/dev/null
    rm -rf "$CLUSTER_DIR"
    echo "cluster purged: database $CLUSTER_DB dropped, $CLUSTER_DIR removed"
  else
    echo "cluster down"
  fi
}

cmd_status() {
  local rc=0 name
  for name in $(names); do
    if alive "$name"; then printf '%-10s running (pid %s)\n' "$name" "$(pid_of "$name")"
    else printf '%-10s stopped\n' "$name"; rc=3; fi
  done
  return $rc
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down "${2:-}" ;;
  status) cmd_status ;;
  env) write_env; echo "$CLUSTER_DIR/env" ;;
  start) [ -n "${2:-}" ] || die "start NAME"; start_one "$2"
    case "$2" in node*) load_env; wait_healthy "$2" "http://127.0.0.1:$(node_port "$2")" ;; esac ;;
  stop) [ -n "${2:-}" ] || die "stop NAME"; stop_one "$2" TERM ;;
  kill) [ -n "${2:-}" ] || die "kill NAME"; stop_one "$2" KILL ;;
  *) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 2 ;;
esac
