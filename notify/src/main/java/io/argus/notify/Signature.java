package io.argus.notify;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The {@value #HEADER} header: HMAC-SHA256 of the request body with the webhook's secret, as {@code sha256=<hex>}. */
public final class Signature {
    public static final String HEADER = "X-Argus-Signature";

    private Signature() {}

    public static String of(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** What a receiver does: recompute and compare in constant time. */
    public static boolean valid(byte[] secret, byte[] body, String header) {
        return header != null && MessageDigest.isEqual(of(secret, body).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
