package io.argus.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The real Kafka broker and PostgreSQL server that {@code ./argus stack up --name test} started.
 * Each test gets its own database and topics, so tests never see each other's rows.
 * There is no fallback: without the stack, tests fail and say how to start it.
 */
public final class LocalStack {
    private final Map<String, String> env;

    private LocalStack(Map<String, String> env) {
        this.env = env;
    }

    public static LocalStack load() {
        String p = System.getProperty("argus.stack.env", "");
        Path f = Path.of(p.isEmpty() || p.startsWith("${") ? ".argus/stack-test/stack.env" : p);
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException("no running test stack (" + f.toAbsolutePath() + " is missing): run ./argus test, "
                    + "or ./argus stack up --name test before mvn verify");
        }
        Properties props = new Properties();
        try (var r = Files.newBufferedReader(f)) {
            props.load(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + f, e);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String> m = (Map) props;
        return new LocalStack(Map.copyOf(m));
    }

    public String bootstrapServers() {
        return env.get("ARGUS_KAFKA_BOOTSTRAP");
    }

    /** The broker's SCRAM listener (SASL_PLAINTEXT, SCRAM-SHA-512, user argus). */
    public String saslBootstrapServers() {
        return env.get("ARGUS_KAFKA_SASL_BOOTSTRAP");
    }

    /** A client properties file (--kafka-properties) that authenticates on {@link #saslBootstrapServers()}. */
    public String saslPropertiesFile() {
        return env.get("ARGUS_KAFKA_SASL_PROPERTIES");
    }

    /** What the stack's server runs: {@code timescaledb} or {@code postgresql}. */
    public String backend() {
        return env.getOrDefault("ARGUS_DB_BACKEND", "postgresql");
    }

    public String jdbcUser() {
        return env.get("ARGUS_JDBC_USER");
    }

    public String jdbcPassword() {
        return env.get("ARGUS_JDBC_PASSWORD");
    }

    /** The file holding the writer role's password (as commands take it: --jdbc-password-file). */
    public String jdbcPasswordFile() {
        return env.get("ARGUS_JDBC_PASSWORD_FILE");
    }

    public String analystUser() {
        return env.get("ARGUS_ANALYST_USER");
    }

    public String analystPassword() {
        return env.get("ARGUS_ANALYST_PASSWORD");
    }

    /** JDBC URL of database {@code db} on the stack's server. */
    public String jdbcUrl(String db) {
        return env.get("ARGUS_JDBC_ADMIN_URL").replaceAll("/postgres$", "/" + db);
    }

    /** Creates an empty database owned by the job's writer role and returns its name. */
    public String createDatabase(String prefix) throws SQLException {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase().replaceAll("[^a-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(env.get("ARGUS_JDBC_ADMIN_URL"), env.get("ARGUS_JDBC_ADMIN_USER"),
                env.get("ARGUS_JDBC_ADMIN_PASSWORD")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " OWNER " + jdbcUser());
        }
        return name;
    }

    public Connection connect(String db) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(db), jdbcUser(), jdbcPassword());
    }

    /** Creates topics with a unique prefix; returns their names in the order asked. */
    public List<String> createTopics(String prefix, int partitions, String... suffixes) throws Exception {
        String p = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> names = java.util.Arrays.stream(suffixes).map(s -> p + "." + s).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)
                            // Record timestamps are capture times, which tests set in the past: time-based
                            // retention would delete those records at the next segment roll.
                            .configs(Map.of("max.message.bytes", Integer.toString(10 * 1024 * 1024), "retention.ms", "-1"))).toList())
                    .all().get(60, TimeUnit.SECONDS);
            // Created is not yet writable: wait until every partition has a leader, so that the first
            // producer does not block on metadata (after a broker restart this can take seconds).
            long deadline = System.currentTimeMillis() + 60_000;
            while (!haveLeaders(admin, names, partitions)) {
                if (System.currentTimeMillis() > deadline) throw new IllegalStateException("topics " + names + " have no leader after 60 s");
                Thread.sleep(100);
            }
        }
        return names;
    }

    private static boolean haveLeaders(Admin admin, List<String> names, int partitions) throws Exception {
        try {
            return admin.describeTopics(names).allTopicNames().get(60, TimeUnit.SECONDS).values().stream().allMatch(d -> d.partitions().size() == partitions
                    && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        } catch (java.util.concurrent.ExecutionException e) {
            return false; // not known to the broker answering yet
        }
    }

    /** Sends text records (a null timestamp: now) and returns once the broker has acknowledged every one. */
    public void publish(List<ProducerRecord<String, String>> records) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<String, String> r : records) sent.add(producer.send(r));
            for (var f : sent) f.get(60, TimeUnit.SECONDS);
        }
    }

    /** Each row of a query as its columns' text joined by {@code separator} (null as "null"). */
    public List<String> rows(String db, String sql, String separator) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(db); Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) b.append(i > 1 ? separator : "").append(r.getString(i));
                out.add(b.toString());
            }
        }
        return out;
    }

    /** The first column of the first row of a query, as a number. */
    public long count(String db, String sql) throws SQLException {
        try (Connection c = connect(db); Statement s = c.createStatement(); java.sql.ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Every record of a topic, waiting up to {@link #timeout()} for at least {@code atLeast}. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(10 * 1024 * 1024));
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.currentTimeMillis() + timeout().toMillis();
            while (System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(out::add);
                if (out.size() >= atLeast) {
                    c.poll(Duration.ofMillis(500)).forEach(out::add); // and nothing more
                    break;
                }
            }
        }
        return out;
    }

    /** Runs {@code ./argus stack COMMAND --name <this stack>} (kafka-stop, kafka-start, pg-stop, pg-start). */
    public void control(String command) throws IOException, InterruptedException {
        runScript("bin/stack.sh", 120, command, "--name", env.get("ARGUS_STACK"));
    }

    /**
     * Runs one of the project's scripts (a path from the checkout's root) and returns what it printed,
     * which it also echoes; fails when it does not end with status 0 within {@code timeoutSeconds}.
     */
    public static String runScript(String script, int timeoutSeconds, String... args) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("argus.assets", "assets")).toAbsolutePath().getParent();
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve(script).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        System.out.print(output);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(script + " " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }

    public static Duration timeout() {
        return Duration.ofSeconds(60);
    }
}
