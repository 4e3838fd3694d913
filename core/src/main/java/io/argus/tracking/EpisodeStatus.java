package io.argus.tracking;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an episode is in its life. {@link #text()} is the form in the database and on the events topic. */
public enum EpisodeStatus {
    /** The object is still in view, or was seen within the episode gap. */
    OPEN("open"),
    /** The object has been gone for longer than the gap: the episode will not change again. */
    CLOSED("closed");

    private final String text;

    EpisodeStatus(String text) {
        this.text = text;
    }

    @JsonValue
    public String text() {
        return text;
    }
}
