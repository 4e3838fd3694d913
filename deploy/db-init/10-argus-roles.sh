#!/bin/bash
# First start of the database container only (docker-entrypoint-initdb.d): the Argus roles and the
# TimescaleDB extension in the argus database. The job applies the schema migrations itself, as the
# writer role; they grant SELECT on every table to the analyst role and the cameras table (only) to the
# ingest role.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v writer="$ARGUS_DB_USER" -v writer_pw="$ARGUS_DB_PASSWORD" \
  -v analyst="$ARGUS_ANALYST_USER" -v analyst_pw="$ARGUS_ANALYST_PASSWORD" \
  -v ingest_pw="$ARGUS_INGEST_DB_PASSWORD" <<'SQL'
CREATE ROLE :"writer" LOGIN PASSWORD :'writer_pw';
CREATE ROLE :"analyst" LOGIN PASSWORD :'analyst_pw';
CREATE ROLE argus_ingest LOGIN PASSWORD :'ingest_pw';
ALTER DATABASE argus OWNER TO :"writer";
GRANT ALL ON SCHEMA public TO :"writer";
CREATE EXTENSION IF NOT EXISTS timescaledb;
SQL
