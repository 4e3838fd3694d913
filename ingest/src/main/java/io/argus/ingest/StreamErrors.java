package io.argus.ingest;

import io.argus.config.CameraSpec.RtspTransport;
import java.util.List;
import java.util.Locale;

/**
 * Why a stream could not be opened or read, in words a person acts on, from FFmpeg's messages and
 * the exception: the transport refused, authentication failed, no such stream, nothing answering, a
 * timeout, a codec FFmpeg cannot decode. Pure; the caller scrubs credentials from the result.
 */
final class StreamErrors {
    private StreamErrors() {}

    /**
     * @param messages FFmpeg's messages of the failed attempt, oldest first
     * @param error the exception's message (may be null)
     * @param transport the RTSP transport asked for, null for other streams
     */
    static String describe(List<String> messages, String error, RtspTransport transport) {
        String all = (String.join("\n", messages) + "\n" + (error == null ? "" : error)).toLowerCase(Locale.ROOT);
        if (all.contains("461") || all.contains("unsupported transport")) {
            String other = transport == RtspTransport.UDP ? "tcp" : "udp";
            return "the camera refused RTSP transport " + (transport == null ? "?" : transport.key()) + " (461 Unsupported transport): set 'transport: "
                    + other + "' (or auto) for this camera";
        }
        if (all.contains("401") || all.contains("unauthorized")) return "authentication failed (401 Unauthorized): check the user and password";
        if (all.contains("403") || all.contains("forbidden")) return "access refused (403 Forbidden): the user may not read this stream";
        if (all.contains("404") || all.contains("not found")) return "no such stream (404 Not Found): check the path after the host";
        if (all.contains("connection refused")) return "nothing answers at that host and port (connection refused)";
        if (all.contains("timed out") || all.contains("timeout")) {
            return transport == RtspTransport.UDP
                    ? "no answer in time (timeout); over UDP a firewall or NAT may drop the packets: try 'transport: tcp'"
                    : "no answer in time (timeout): is the address right and the camera reachable?";
        }
        if (all.contains("name or service not known") || all.contains("failed to resolve")) return "the host name does not resolve";
        if (all.contains("503") || all.contains("service unavailable")) return "the server could not start the stream (503 Service Unavailable)";
        if (all.contains("could not find codec") || all.contains("unsupported codec") || all.contains("no decoder")) {
            return "the stream's video codec cannot be decoded by this FFmpeg build";
        }
        String first = messages.stream().filter(m -> !m.isBlank()).findFirst().orElse(error == null ? "unknown error" : error);
        return "could not read the stream: " + first;
    }
}
