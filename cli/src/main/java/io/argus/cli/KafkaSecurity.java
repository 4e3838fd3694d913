package io.argus.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How every Argus process authenticates to Kafka and encrypts the connection: the client properties of
 * one file ({@code --kafka-properties FILE}, the job's {@code argus.kafka.properties-file}) such as
 * {@code security.protocol=SASL_SSL}, {@code sasl.mechanism=SCRAM-SHA-512}, {@code sasl.jaas.config=...},
 * {@code ssl.truststore.location=...}. Only security settings are taken (the rest of a client's
 * configuration is Argus's to set), each refused by name otherwise. Empty: PLAINTEXT without auth.
 */
public record KafkaSecurity(Map<String, String> properties) implements Serializable {
    public static final KafkaSecurity NONE = new KafkaSecurity(Map.of());

    public KafkaSecurity {
        properties = Map.copyOf(properties);
    }

    /** The file's security properties; {@code null} or blank: none. {@code option} names the flag or option in messages. */
    public static KafkaSecurity load(String file, String option) {
        if (file == null || file.isBlank()) return NONE;
        Path p = Path.of(file);
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(p)) {
            props.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": cannot read " + p.toAbsolutePath() + ": " + e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        for (String k : props.stringPropertyNames()) {
            if (!(k.equals("security.protocol") || k.startsWith("sasl.") || k.startsWith("ssl."))) {
                throw new IllegalArgumentException(option + ": " + p + ": '" + k + "' is not a security setting (security.protocol, sasl.*, ssl.*)"
                        + (k.equals("bootstrap.servers") ? "; give the brokers with --bootstrap-servers" : ""));
            }
            out.put(k, props.getProperty(k).strip());
        }
        String protocol = out.getOrDefault("security.protocol", "PLAINTEXT");
        if (!protocol.matches("PLAINTEXT|SSL|SASL_PLAINTEXT|SASL_SSL")) {
            throw new IllegalArgumentException(option + ": " + p + ": security.protocol must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL, got '" + protocol + "'");
        }
        if (protocol.startsWith("SASL") && !out.containsKey("sasl.jaas.config")) {
            throw new IllegalArgumentException(option + ": " + p + ": security.protocol " + protocol + " needs sasl.jaas.config (e.g. "
                    + "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"...\" password=\"...\";)");
        }
        return new KafkaSecurity(out);
    }

    /** These settings added to a client's configuration. */
    public Properties addTo(Properties p) {
        p.putAll(properties);
        return p;
    }

    /** These settings added to a client's configuration map (returns a new map). */
    public Map<String, Object> addTo(Map<String, Object> config) {
        Map<String, Object> m = new java.util.HashMap<>(config);
        m.putAll(properties);
        return m;
    }

    /** For logs: the protocol and mechanism, never the credentials. */
    @Override
    public String toString() {
        return properties.getOrDefault("security.protocol", "PLAINTEXT") + (properties.containsKey("sasl.mechanism") ? " " + properties.get("sasl.mechanism") : "");
    }
}
