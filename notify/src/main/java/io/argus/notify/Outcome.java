package io.argus.notify;

/** What became of an event that matched a rule. */
public enum Outcome {
    /** A notification goes to the rule's webhook. */
    SEND,
    /** The rule already sent for this camera within its {@code every}. */
    RATE_LIMITED,
    /** The event's time is in the rule's quiet hours; a later version of the episode may still be sent. */
    QUIET_HOURS,
    /** This episode (or action) was already sent or suppressed by this rule: an update, or a replay. */
    ALREADY_DECIDED
}
