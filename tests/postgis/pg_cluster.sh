# Sourced by the PostGIS tests: starts a throw-away PostgreSQL/PostGIS cluster on 127.0.0.1 and
# stops and removes it when the sourcing script exits. Needs $work (the test's scratch folder,
# where the server log is copied on exit). Sets pgbin, port, pg_psql (an array: psql for the
# database omrade as user omrade) and pg (the GDAL connection string "PG:host=...").
#
# The cluster, its socket and log live in a fresh directory under /tmp, removed on exit: the build
# tree may lie where the server cannot even enter (a clone under /root), and a Unix socket path
# may not be longer than 107 bytes (a clone deep in a home directory). PostgreSQL refuses to run
# as root: as root the server runs as the postgres system user, which then owns that directory;
# as an ordinary user the server runs as that user.
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
port=$((54000 + $$ % 900))
as_pg=()
pghome=$(mktemp -d "${TMPDIR:-/tmp}/omrade-postgis.XXXXXX")
if [ "$(id -u)" -eq 0 ]; then
    as_pg=(runuser -u postgres --)
    chown postgres: "$pghome"
fi
chmod 700 "$pghome"
pgdata="$pghome/pgdata"
pg_cluster_cleanup() {
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true
    [ -f "$pghome/server.log" ] && cp "$pghome/server.log" "$work/server.log" 2>/dev/null
    rm -rf "$pghome"
    return 0
}
trap pg_cluster_cleanup EXIT

"${as_pg[@]}" "$pgbin/initdb" -D "$pgdata" -A trust -U omrade >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdata" -l "$pghome/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $pghome -c fsync=off" start >/dev/null

"$pgbin/createdb" -h 127.0.0.1 -p "$port" -U omrade omrade
pg_psql=("$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U omrade -d omrade)
"${pg_psql[@]}" -c "CREATE EXTENSION postgis" >/dev/null
pg="PG:host=127.0.0.1 port=$port dbname=omrade user=omrade"
