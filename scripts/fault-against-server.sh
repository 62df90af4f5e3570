#!/usr/bin/env bash
# Runs the collector's ingest fault suite (IngestFaultIT) against a PostgreSQL server you run,
# instead of the collector's own embedded one: the packaged collector (`dev`, pointed at your
# database) ingests batches while your server is killed and started again, then the collector
# is killed mid-batch and started again; every acknowledged event must be stored exactly once
# and the reports must equal the events.
#
# Only for a server you may kill, and a database you may fill (create an empty one first).
#
#   TOLLGATE_FAULT_DB_URL       JDBC URL of that database, e.g. jdbc:postgresql://127.0.0.1:5433/tollgate_fault
#   TOLLGATE_FAULT_DB_USER      its user (default postgres)
#   TOLLGATE_FAULT_DB_PASSWORD  its password (default empty)
#   TOLLGATE_FAULT_PG_KILL      a shell command that kills the server hard, e.g.
#                                 'docker kill --signal=KILL pg-fault'  or
#                                 'pg_ctl -D /srv/pg-fault stop -m immediate'
#   TOLLGATE_FAULT_PG_START     a shell command that starts it again and returns once it accepts
#                               connections, e.g. 'docker start pg-fault && sleep 3'  or
#                                 'pg_ctl -D /srv/pg-fault start -w'
#
# Example with a throwaway container:
#   docker run -d --name pg-fault -e POSTGRES_PASSWORD=x -e POSTGRES_DB=tollgate_fault -p 5433:5432 postgres:17
#   TOLLGATE_FAULT_DB_URL=jdbc:postgresql://127.0.0.1:5433/tollgate_fault TOLLGATE_FAULT_DB_PASSWORD=x \
#   TOLLGATE_FAULT_PG_KILL='docker kill --signal=KILL pg-fault' \
#   TOLLGATE_FAULT_PG_START='docker start pg-fault && sleep 3' scripts/fault-against-server.sh
set -euo pipefail

: "${TOLLGATE_FAULT_DB_URL:?set TOLLGATE_FAULT_DB_URL to the JDBC URL of a database the test may fill}"
: "${TOLLGATE_FAULT_PG_KILL:?set TOLLGATE_FAULT_PG_KILL to a command that kills that PostgreSQL server}"
: "${TOLLGATE_FAULT_PG_START:?set TOLLGATE_FAULT_PG_START to a command that starts it again}"
export TOLLGATE_FAULT_DB_URL TOLLGATE_FAULT_PG_KILL TOLLGATE_FAULT_PG_START
export TOLLGATE_FAULT_DB_USER="${TOLLGATE_FAULT_DB_USER:-postgres}"
export TOLLGATE_FAULT_DB_PASSWORD="${TOLLGATE_FAULT_DB_PASSWORD:-}"

cd "$(dirname "$0")/.."
exec ./mvnw -B -pl collector -am verify \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=IngestFaultIT -Dfailsafe.failIfNoSpecifiedTests=false
