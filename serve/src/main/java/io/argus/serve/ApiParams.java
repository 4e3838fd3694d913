package io.argus.serve;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Query and path parameters read with messages that name the parameter (answered as 400). */
final class ApiParams {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private ApiParams() {}

    static String text(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    static Instant time(Context ctx, String name) {
        String v = text(ctx, name);
        if (v == null) return null;
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new BadRequestResponse(name + ": '" + v + "' is not a time like 2026-11-28T10:00:00Z");
        }
    }

    static int limit(Context ctx) {
        return bounded(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    static int offset(Context ctx) {
        return bounded(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    }

    private static int bounded(Context ctx, String name, int dflt, int min, int max) {
        String v = text(ctx, name);
        if (v == null) return dflt;
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new BadRequestResponse(name + ": '" + v + "' must be a whole number from " + min + " to " + max);
    }

    static UUID episodeId(Context ctx) {
        String v = ctx.pathParam("id");
        try {
            return UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("'" + v + "' is not an episode id (a UUID)");
        }
    }
}
