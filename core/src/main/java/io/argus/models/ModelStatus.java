package io.argus.models;

/** Where a model stands, as the {@code models} table's {@code status} column says it. */
public enum ModelStatus {
    /** Added and loadable; no camera runs it yet. */
    AVAILABLE,
    /** Runs on at least one camera; its results make tracks, episodes, actions and rollups. */
    ACTIVE,
    /** Runs beside an active model on the same frames; its rows are tagged with its id and make nothing else. */
    SHADOW,
    /** Ran once and runs nowhere now. */
    RETIRED,
    /** Refused: the model did not load (the row's {@code error} says why). */
    FAILED;

    /** The value in the table. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
