package io.argus.tracking;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of action the scene rules emit. {@link #text()} is the form in the database, the events topic and action ids. */
public enum ActionType {
    ZONE_ENTER("zone_enter"),
    ZONE_EXIT("zone_exit"),
    LOITERING("loitering"),
    LINE_CROSS("line_cross"),
    CROWDING("crowding"),
    STATIONARY("stationary");

    private final String text;

    ActionType(String text) {
        this.text = text;
    }

    @JsonValue
    public String text() {
        return text;
    }
}
