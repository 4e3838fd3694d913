package io.argus.sinks;

import java.io.Serializable;

/** Database connection and sink batching, as every sink takes them (built from the job's options). */
public record JdbcSettings(String url, String user, String password, int batchSize, long batchIntervalMs, int maxRetries)
        implements Serializable {
    @Override
    public String toString() {
        return "JdbcSettings[url=" + url + ", user=" + user + ", batchSize=" + batchSize + "]"; // never the password
    }
}
