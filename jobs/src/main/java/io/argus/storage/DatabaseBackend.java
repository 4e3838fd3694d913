package io.argus.storage;

/** What the database can do with Argus's tables. */
public enum DatabaseBackend {
    /** TimescaleDB: hypertables, compression, retention and continuous-aggregate policies. */
    TIMESCALEDB,
    /** Plain PostgreSQL: the same tables and columns; retention by {@code ./argus maintain}. */
    POSTGRESQL
}
