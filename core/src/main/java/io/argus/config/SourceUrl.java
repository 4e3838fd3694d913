package io.argus.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A camera's {@code source} as written in the cameras file, where credentials stay out of the text:
 * {@code ${NAME}} is replaced by the environment variable NAME and {@code ${file:PATH}} by the first
 * line of that file (e.g. a Docker or Kubernetes secret), only when ingest opens the stream. Anything
 * shown to a person or stored (the cameras table, logs, progress lines, errors) is {@link #redact}ed:
 * the password part of the URL becomes {@code ***}.
 */
public final class SourceUrl {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    /** scheme://user:password@ : the password is everything between the first ':' after the scheme and the last '@' of the authority. */
    private static final Pattern USERINFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://[^:/@?#]*:)([^/?#]*)@");

    private SourceUrl() {}

    /**
     * The source with every reference replaced ({@code env} looks up environment variables).
     * A reference to nothing fails with a message naming the camera and the reference, not its value.
     */
    public static String expand(String source, String cameraId, UnaryOperator<String> env) {
        Matcher m = REFERENCE.matcher(source);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            String value;
            if (ref.startsWith("file:")) {
                Path p = Path.of(ref.substring(5));
                try {
                    value = Files.readAllLines(p).stream().findFirst().orElse("").strip();
                } catch (IOException e) {
                    throw new IllegalArgumentException("camera '" + cameraId + "': source: cannot read " + p + " for ${" + ref + "}: " + e.getMessage());
                }
            } else {
                if (!ref.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw new IllegalArgumentException("camera '" + cameraId + "': source: ${" + ref + "} is neither ${ENVIRONMENT_VARIABLE} nor ${file:PATH}");
                }
                value = env.apply(ref);
                if (value == null) throw new IllegalArgumentException("camera '" + cameraId + "': source: environment variable " + ref + " is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** {@link #expand} with this process's environment. */
    public static String expand(String source, String cameraId) {
        return expand(source, cameraId, System::getenv);
    }

    /** The URL as it may be shown: its password, if any, as {@code ***}. */
    public static String redact(String url) {
        if (url == null) return null;
        return USERINFO.matcher(url).replaceFirst("$1***@");
    }

    /** The password of a URL ({@code scheme://user:password@...}), or null. */
    public static String password(String url) {
        Matcher m = USERINFO.matcher(url == null ? "" : url);
        return m.find() && !m.group(2).isEmpty() ? m.group(2) : null;
    }

    /**
     * {@code text} (a library's error message, a log line) with the expanded URL's password replaced by
     * {@code ***} wherever it occurs, as written in the URL and percent-decoded.
     */
    public static String scrub(String text, String expandedUrl) {
        if (text == null) return null;
        String pw = password(expandedUrl);
        String out = text;
        if (pw != null) {
            out = out.replace(pw, "***");
            String decoded = java.net.URLDecoder.decode(pw, java.nio.charset.StandardCharsets.UTF_8);
            if (!decoded.isEmpty()) out = out.replace(decoded, "***");
        }
        return out;
    }
}
