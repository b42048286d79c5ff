#!/usr/bin/env bash
# Run a command (the test suite) against a throwaway PostgreSQL cluster:
#   tests/run_with_postgres.sh .venv/bin/pytest -q -m "not browser"
# The cluster lives in a temporary directory, listens only on a unix socket there, runs as an
# unprivileged user (PostgreSQL refuses root; as root we create the system user `qcwebpg`), and is
# stopped and deleted on exit, whatever the outcome. Without pg_ctl it prints a notice and exits 0.
set -euo pipefail

pg_ctl_path=$(command -v pg_ctl || true)
if [ -z "$pg_ctl_path" ]; then
    echo "pg_ctl not found: skipping the PostgreSQL pass"
    exit 0
fi
bin=$(dirname "$(readlink -f "$pg_ctl_path")")
if [ ! -x "$bin/initdb" ]; then
    bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
fi

tmp=$(mktemp -d /tmp/qcweb-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
    pg_user=qcwebpg
    id -u "$pg_user" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user"
    chown "$pg_user" "$tmp"
    as_pg=(runuser -u "$pg_user" --)
else
    as_pg=()
fi

cleanup() {
    "${as_pg[@]}" "$bin/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$tmp"
}
trap cleanup EXIT

"${as_pg[@]}" "$bin/initdb" -D "$tmp/data" -U postgres --auth=trust -E UTF8 --no-locale >"$tmp/initdb.log" 2>&1 \
    || { cat "$tmp/initdb.log"; exit 1; }
"${as_pg[@]}" "$bin/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 60 start \
    -o "-k $tmp -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
    || { cat "$tmp/server.log"; exit 1; }
"${as_pg[@]}" "$bin/createdb" -h "$tmp" -U postgres qcweb

export DATABASE_URL="postgres://postgres@${tmp//\//%2F}/qcweb"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on socket $tmp"
"$@"
