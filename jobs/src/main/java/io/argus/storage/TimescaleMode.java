package io.argus.storage;

/** Whether the migration uses TimescaleDB ({@code argus.storage.timescaledb}). */
public enum TimescaleMode {
    /** Where the server has it: create the extension when needed; else plain tables, with a warning. */
    AUTO,
    /** Fail unless the database runs TimescaleDB ({@code ./argus migrate --require-timescaledb}). */
    REQUIRED,
    /** Plain tables even where TimescaleDB is installed (a shared server, or to test that path). */
    OFF
}
