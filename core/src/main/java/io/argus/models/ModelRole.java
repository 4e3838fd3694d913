package io.argus.models;

/** What a model's result on a frame is for. */
public enum ModelRole {
    /** Rows, tracks, episodes, actions, rollups, media, notifications. */
    ACTIVE,
    /** Rows tagged with the model's id and a comparison with the active model; nothing else. */
    SHADOW
}
