# Shared by scripts/run, scripts/test and bench/run: find tools, install what is missing.
# Works as root, via sudo, or as a user who may sudo for apt.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages in "$@" that are not installed yet.
ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    say "Installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Libraries the server links against.
RUNTIME_PACKAGES=(pkg-config libmicrohttpd-dev libsqlite3-dev libpq-dev libsodium-dev libcmark-dev libyaml-dev libcurl4-openssl-dev libssl-dev libxmlsec1-dev zlib1g-dev)
# What the test command needs on top: a PostgreSQL server, Chromium, Python's venv, and the SAML
# identity provider's signing tool and keys (xmlsec1, openssl).
TEST_PACKAGES=(postgresql chromium python3-venv xmlsec1 openssl)

# Puts a Swift toolchain on PATH (sudo's secure_path may hide it).
ensure_swift() {
  if command -v swift >/dev/null 2>&1; then return; fi
  for candidate in /opt/swift/usr/bin /usr/share/swift/usr/bin /usr/local/swift/usr/bin; do
    if [ -x "$candidate/swift" ]; then export PATH="$candidate:$PATH"; return; fi
  done
  # Newer Debian and Ubuntu releases package the toolchain.
  if apt-cache show swiftlang >/dev/null 2>&1; then
    ensure_packages swiftlang
    command -v swift >/dev/null 2>&1 && return
  fi
  die "no Swift 6 toolchain found: install one from swift.org (or Debian's swiftlang) and re-run"
}

# A Python venv at .venv with e2e/requirements.txt, reinstalled only when they change.
ensure_venv() {
  local venv="$ROOT/.venv"
  local stamp="$venv/.requirements.sha256"
  local wanted
  wanted="$(sha256sum "$ROOT/e2e/requirements.txt" | cut -d' ' -f1)"
  if [ ! -x "$venv/bin/python" ]; then
    say "Creating the Python environment in .venv"
    /usr/bin/python3 -m venv "$venv"
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
    say "Installing Python test tools"
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$ROOT/e2e/requirements.txt"
    echo "$wanted" >"$stamp"
  fi
}

# Chromium's path: Debian's package, or Ubuntu's.
chromium_path() {
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$candidate" ]; then echo "$candidate"; return; fi
  done
  die "Chromium is not installed"
}

# CPU time (user and system) the given processes have used so far, in milliseconds; a process
# already gone counts nothing. The benches divide its growth by the requests answered.
cpu_ms() {  # PID...
  local ticks=0 pid
  for pid in "$@"; do
    if [ -r "/proc/$pid/stat" ]; then ticks=$((ticks + $(awk '{ print $14 + $15 }' "/proc/$pid/stat"))); fi
  done
  echo $((ticks * 1000 / $(getconf CLK_TCK)))
}

# A TCP port nothing listens on.
free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# A throwaway PostgreSQL cluster in DIRECTORY on a free port, with extra server settings
# ("-c name=value ..."): sets PG_URL (superuser postgres, trust) and stops it on stop_postgres.
# initdb refuses root: as root the cluster belongs to the postgres user.
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then (cd /tmp && runuser -u postgres -- "$@"); else "$@"; fi
}
# A session cookie ("name=value") for EMAIL signed in with PASSWORD at BASE; JAR keeps it.
# A value bench-seed printed ("sign-in employee person5@…" → seed_value FILE sign-in employee).
seed_value() {  # SEED_OUTPUT KEY ROLE
  awk -v key="$2" -v role="$3" '$1 == key && $2 == role { print $3 }' "$1"
}

# A wrk script for the agenda's write path, through the API with a personal access token: a
# connection adds an item, and a later request removes one that was added, so the agenda stays
# within what a conversation holds.
agenda_request() {  # FILE TOKEN
  cat >"$1" <<EOF
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $2"
local added = {}
request = function()
  local item = table.remove(added)
  if item then return wrk.format("DELETE", wrk.path .. "/" .. item) end
  return wrk.format("POST", nil, nil, '{"text":"A topic to talk about"}')
end
response = function(status, headers, body)
  local item = status == 201 and body:match('"id":(%d+)')
  if item then table.insert(added, item) end
end
EOF
}

sign_in_cookie() {  # BASE EMAIL PASSWORD JAR
  local csrf
  csrf="$(curl -s -c "$4" "$1/sign-in" | grep -o 'name="_csrf" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"$//')"
  curl -s -b "$4" -c "$4" -o /dev/null --data-urlencode "email=$2" --data-urlencode "password=$3" \
    --data-urlencode "_csrf=$csrf" "$1/sign-in"
  sed 's/^#HttpOnly_//' "$4" | awk '!/^#/ && NF >= 7 { cookie = $6 "=" $7 } END { print cookie }'
}

start_postgres() {
  PG_DATA="$1"
  shift
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  local port
  port="$(free_port)"
  mkdir -p "$PG_DATA"
  [ "$(id -u)" -eq 0 ] && chown postgres "$PG_DATA"
  as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres >"$PG_DATA.initdb.log" 2>&1 \
    || { cat "$PG_DATA.initdb.log"; die "initdb failed"; }
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w start \
    -o "-p $port -k $PG_DATA -c listen_addresses=127.0.0.1 -c max_connections=200 $*" \
    >/dev/null || { cat "$PG_DATA/server.log"; die "PostgreSQL did not start"; }
  PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
}
stop_postgres() {
  if [ -n "${PG_DATA:-}" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
  fi
}
