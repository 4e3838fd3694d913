package io.argus.udf.models;

import io.argus.models.ModelBook;
import io.argus.models.ModelStatus;

/** A row of the {@code models} table as a control command leaves it. A Flink POJO. */
public class ModelRow {
    public String id;
    public String name;
    public String version;
    public String artifactUri;
    public ModelStatus status;
    /** Why it failed; null otherwise. */
    public String error;
    /** Epoch ms; 0: never. */
    public long activatedAt;
    public long retiredAt;
    /** JSON: layout, thresholds, what the load check read (labels, input size). */
    public String metadata;

    public ModelRow() {}

    public static ModelRow of(ModelBook.Change c, String error, String metadata) {
        ModelRow r = new ModelRow();
        r.id = c.model().id();
        r.name = c.model().name();
        r.version = c.model().version();
        r.artifactUri = java.nio.file.Path.of(c.model().path()).toAbsolutePath().toUri().toString();
        r.status = c.status();
        r.error = error;
        r.activatedAt = c.activatedAt();
        r.retiredAt = c.retiredAt();
        r.metadata = metadata;
        return r;
    }
}
