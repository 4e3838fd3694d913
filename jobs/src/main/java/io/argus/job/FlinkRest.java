package io.argus.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The few calls of Flink's REST API that operating a job needs (upload and run a jar, stop with a
 * savepoint, cancel, list jobs), with JSON built and read by Jackson: no hand-escaped arguments.
 */
final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** @param base e.g. http://127.0.0.1:8081 */
    FlinkRest(String base) {
        this.base = base.replaceAll("/+$", "");
    }

    /** A request the JobManager refused, with its status and body. */
    static final class RestError extends IllegalStateException {
        RestError(String what, int status, String body) {
            super(what + ": HTTP " + status + " " + body.strip());
        }
    }

    private JsonNode send(String what, HttpRequest.Builder b) throws IOException, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(b.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IllegalStateException(what + ": nothing answers at " + base + " (is the cluster up? ./argus cluster up)", e);
        }
        if (r.statusCode() / 100 != 2) throw new RestError(what, r.statusCode(), r.body());
        return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET " + path, request(path).GET());
    }

    /** Uploads a jar; returns its id on the JobManager. */
    String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "argus-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode r = send("uploading " + jar.getFileName(), request("/jars/upload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String file = r.path("filename").asText("");
        if (file.isEmpty()) throw new IllegalStateException("uploading " + jar.getFileName() + ": no file name in " + r);
        return Path.of(file).getFileName().toString();
    }

    /** Runs an uploaded jar with these program arguments; returns the job id. */
    String run(String jarId, List<String> args, String savepoint, boolean allowNonRestoredState) throws IOException, InterruptedException {
        ObjectNode req = JSON.createObjectNode();
        req.set("programArgsList", JSON.valueToTree(args));
        if (savepoint != null) req.put("savepointPath", savepoint);
        if (allowNonRestoredState) req.put("allowNonRestoredState", true);
        JsonNode r = send("running the job", request("/jars/" + jarId + "/run").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(req.toString())));
        return r.path("jobid").asText();
    }

    /** Stops a job with a savepoint (drain: end event time first) and waits for it; returns the savepoint's location. */
    String stopWithSavepoint(String job, boolean drain, Duration timeout) throws IOException, InterruptedException {
        ObjectNode req = JSON.createObjectNode().put("drain", drain);
        JsonNode r = send("stopping " + job, request("/jobs/" + job + "/stop").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(req.toString())));
        String trigger = r.path("request-id").asText("");
        if (trigger.isEmpty()) throw new IllegalStateException("the JobManager refused to stop " + job + ": " + r);
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            JsonNode s = get("/jobs/" + job + "/savepoints/" + trigger);
            if (s.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode op = s.path("operation");
                if (op.has("failure-cause")) throw new IllegalStateException("the savepoint of " + job + " failed: " + op.get("failure-cause"));
                return op.path("location").asText();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no savepoint of " + job + " within " + timeout.toSeconds() + " s");
    }

    void cancel(String job) throws IOException, InterruptedException {
        get("/jobs/" + job); // a clear error for a job that does not exist
        send("cancelling " + job, request("/jobs/" + job + "?mode=cancel").method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    /** The TaskManagers registered with the JobManager. */
    int taskManagers() throws IOException, InterruptedException {
        return get("/overview").path("taskmanagers").asInt();
    }
}
