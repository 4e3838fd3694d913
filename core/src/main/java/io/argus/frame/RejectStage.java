package io.argus.frame;

/** Where on its path a frame was rejected. {@link #text()} is the dead-letter topic's {@code error-stage} header. */
public enum RejectStage {
    /** The envelope rules or the camera's clock (before inference). */
    PARSE("parse"),
    /** Decoding or the model. */
    INFERENCE("inference"),
    /** Behind its camera's event time when its result reached tracking. */
    TRACKING("tracking");

    private final String text;

    RejectStage(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
