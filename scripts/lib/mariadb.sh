#!/usr/bin/env bash
# A throwaway MariaDB for tests: no systemd, no /etc/mysql, nothing left
# running. Needs Debian's mariadb-server (mariadbd, mariadb-install-db) and
# python3 (to pick a free port). Works as root.
#
# Source it and call:
#   mariadb_start DIR   creates DIR/data, starts mariadbd on 127.0.0.1:<free
#                       port> and DIR/mysqld.sock, creates database herald_test
#                       and user herald with a random password, and exports
#                       HERALD_TEST_MYSQL_URL  mysql://herald:<pw>@127.0.0.1:<port>/herald_test
#                       HERALD_TEST_MYSQL_DIR  DIR (for mariadb_kill / mariadb_restart)
#   mariadb_stop DIR    stops the server (TERM, then KILL after 30 s) and waits.
#   mariadb_kill DIR    SIGKILLs the server (tests: "the database went away").
#   mariadb_restart DIR starts it again on the same port, socket and data.
# Or run it: scripts/lib/mariadb.sh start|stop|kill|restart DIR
# (the storage tests call `kill` and `restart` that way).

_mariadb_bin() {
  local name="$1"
  command -v "$name" 2>/dev/null && return 0
  [ -x "/usr/sbin/$name" ] && { echo "/usr/sbin/$name"; return 0; }
  [ -x "/usr/bin/$name" ] && { echo "/usr/bin/$name"; return 0; }
  echo "mariadb.sh: $name not found: install mariadb-server" >&2
  return 1
}

_mariadb_abs() {
  mkdir -p "$1" && (cd "$1" && pwd)
}

_mariadb_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

_mariadb_pid() {
  local dir="$1"
  [ -f "$dir/mariadbd.pid" ] || return 1
  local pid
  pid="$(cat "$dir/mariadbd.pid")"
  [ -n "$pid" ] && _mariadb_alive "$pid" || return 1
  echo "$pid"
}

# True while PID runs. A killed server whose parent has not reaped it yet is
# a zombie: gone for our purposes.
_mariadb_alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state="$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" || return 1
  [ -n "$state" ] && [ "$state" != "Z" ]
}

# Starts mariadbd on the port recorded in DIR/port and waits (up to 60 s)
# until it answers on its socket.
_mariadb_launch() {
  local dir="$1"
  local mariadbd admin port
  mariadbd="$(_mariadb_bin mariadbd)" || return 1
  admin="$(_mariadb_bin mariadb-admin)" || return 1
  port="$(cat "$dir/port")"
  # No stdin/stdout/stderr shared with the caller: a test runner waiting on
  # its child's pipes must not wait for the server too. Started from a
  # subshell so it is no job of the caller's shell (whose "Killed" notice
  # would otherwise follow a test's SIGKILL); its pid goes to mariadbd.pid.
  (
    "$mariadbd" --no-defaults --user=root --datadir="$dir/data" --socket="$dir/mysqld.sock" \
      --port="$port" --bind-address=127.0.0.1 --pid-file="$dir/mariadbd.server.pid" \
      --log-error="$dir/mariadbd.err" --skip-log-bin --skip-name-resolve \
      --innodb-buffer-pool-size=32M --innodb-log-file-size=16M \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_bin \
      </dev/null >>"$dir/mariadbd.out" 2>&1 &
    echo "$!" >"$dir/mariadbd.pid"
  )
  local i
  for i in $(seq 1 600); do
    if "$admin" --no-defaults --socket="$dir/mysqld.sock" --user=root --connect-timeout=1 ping \
        >/dev/null 2>&1; then
      return 0
    fi
    if ! _mariadb_pid "$dir" >/dev/null; then
      echo "mariadb.sh: mariadbd exited during start-up; log:" >&2
      tail -20 "$dir/mariadbd.err" >&2 || true
      return 1
    fi
    sleep 0.1
  done
  echo "mariadb.sh: mariadbd did not answer within 60 s" >&2
  mariadb_stop "$dir"
  return 1
}

mariadb_start() {
  local dir
  dir="$(_mariadb_abs "${1:?usage: mariadb_start DIR}")" || return 1
  if _mariadb_pid "$dir" >/dev/null; then
    echo "mariadb.sh: a server is already running for $dir" >&2
    return 1
  fi
  local install client
  install="$(_mariadb_bin mariadb-install-db)" || return 1
  client="$(_mariadb_bin mariadb)" || return 1
  rm -rf "$dir/data"
  mkdir -p "$dir/data"
  if ! "$install" --no-defaults --user=root --datadir="$dir/data" \
      --auth-root-authentication-method=normal --skip-test-db \
      >"$dir/install.log" 2>&1; then
    echo "mariadb.sh: mariadb-install-db failed; log:" >&2
    tail -20 "$dir/install.log" >&2
    return 1
  fi
  _mariadb_free_port >"$dir/port" || return 1
  _mariadb_launch "$dir" || return 1

  local port password
  port="$(cat "$dir/port")"
  password="$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
  # root@localhost has no password (authentication method "normal") and is
  # reachable only through this socket; the tests use a real user.
  if ! "$client" --no-defaults --socket="$dir/mysqld.sock" --user=root <<SQL; then
CREATE DATABASE herald_test CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER 'herald'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER 'herald'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON herald_test.* TO 'herald'@'127.0.0.1';
GRANT ALL PRIVILEGES ON herald_test.* TO 'herald'@'localhost';
FLUSH PRIVILEGES;
SQL
    echo "mariadb.sh: creating the test database failed" >&2
    mariadb_stop "$dir"
    return 1
  fi
  export HERALD_TEST_MYSQL_URL="mysql://herald:$password@127.0.0.1:$port/herald_test"
  export HERALD_TEST_MYSQL_DIR="$dir"
  echo "$HERALD_TEST_MYSQL_URL" >"$dir/url"
}

mariadb_restart() {
  local dir
  dir="$(_mariadb_abs "${1:?usage: mariadb_restart DIR}")" || return 1
  [ -f "$dir/port" ] || { echo "mariadb.sh: no server was started in $dir" >&2; return 1; }
  _mariadb_pid "$dir" >/dev/null && return 0
  _mariadb_launch "$dir"
}

mariadb_kill() {
  local dir pid
  dir="$(_mariadb_abs "${1:?usage: mariadb_kill DIR}")" || return 1
  pid="$(_mariadb_pid "$dir")" || return 0
  kill -KILL "$pid" 2>/dev/null || true
  _mariadb_wait_gone "$pid" 100
  rm -f "$dir/mariadbd.pid"
}

mariadb_stop() {
  local dir pid
  dir="$(_mariadb_abs "${1:?usage: mariadb_stop DIR}")" || return 1
  pid="$(_mariadb_pid "$dir")" || { rm -f "$dir/mariadbd.pid"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  if ! _mariadb_wait_gone "$pid" 300; then
    kill -KILL "$pid" 2>/dev/null || true
    _mariadb_wait_gone "$pid" 100
  fi
  rm -f "$dir/mariadbd.pid"
}

# Waits up to N tenths of a second for PID to exit. mariadbd is not our child
# when it was started by another shell, so poll rather than `wait`.
_mariadb_wait_gone() {
  local pid="$1" tenths="$2" i
  for i in $(seq 1 "$tenths"); do
    _mariadb_alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start | stop | kill | restart) "mariadb_$1" "${2:?usage: $0 start|stop|kill|restart DIR}" ;;
    *) echo "usage: $0 start|stop|kill|restart DIR" >&2; exit 2 ;;
  esac
fi
