package io.argus.tracking;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An episode or action as the events topic carries it (the topic's documented JSON): the object's
 * fields, a {@code kind}, and an action's data as JSON rather than a string.
 */
public final class EventJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventJson() {}

    /** A message for the events topic: the row's fields plus "kind" (episode or action). */
    public static String of(Object episodeOrAction) {
        ObjectNode n = JSON.valueToTree(episodeOrAction);
        n.put("kind", episodeOrAction instanceof Episode ? "episode" : "action");
        if (episodeOrAction instanceof Action a && a.data != null) {
            try {
                n.set("data", JSON.readTree(a.data));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("action data is not JSON: " + a.data, e);
            }
        }
        return n.toString();
    }
}
