package io.argus.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver on 127.0.0.1 for the tests: records every request it answers. {@code /refuse}
 * answers 400 and {@code /broken} 500; anything else 200, or 503 while {@link #unavailable}. It can be
 * taken down (the port refuses connections) and brought back on the same port.
 */
final class WebhookReceiver implements AutoCloseable {
    record Request(String path, String key, int attempt, String signature, byte[] body, int status) {}

    final int port;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile boolean unavailable;
    private HttpServer server;

    WebhookReceiver() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        up();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    void up() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            String path = x.getRequestURI().getPath();
            int status = path.equals("/refuse") ? 400 : path.equals("/broken") ? 500 : unavailable ? 503 : 200;
            requests.add(new Request(path, x.getRequestHeaders().getFirst(WebhookDelivery.IDEMPOTENCY_KEY),
                    Integer.parseInt(x.getRequestHeaders().getFirst(WebhookDelivery.ATTEMPT)), x.getRequestHeaders().getFirst(Signature.HEADER), body, status));
            byte[] answer = (status == 400 ? "unknown channel" : "").getBytes();
            x.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) x.getResponseBody().write(answer);
            x.close();
        });
        server.start();
    }

    void down() {
        server.stop(0);
    }

    List<Request> delivered() {
        return requests.stream().filter(r -> r.status() == 200).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
