package io.argus.config;

import java.io.Serializable;

/**
 * A model of the cameras file. Fields left null take the job's {@code argus.inference.*} and
 * {@code argus.model.*} defaults.
 */
public record ModelSpec(String name, String path, String layout, Double confidenceThreshold) implements Serializable {}
