package org.jxdp.metrics.api;

import java.util.Map;

/**
 * An answer: a status, a content type and a body.
 *
 * @param status the HTTP status
 * @param contentType the body's content type
 * @param body the body
 */
public record ApiResponse(int status, String contentType, String body) {
    /** The JSON content type. */
    public static final String JSON = "application/json; charset=utf-8";
    /** Plain text. */
    public static final String TEXT = "text/plain; charset=utf-8";

    /** 200 with {@code value} as JSON. */
    public static ApiResponse json(Object value) {
        return json(200, value);
    }

    /** {@code status} with {@code value} as JSON. */
    public static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, JSON, Json.write(value) + "\n");
    }

    /** {@code status} with {@code {"error": message}}. */
    public static ApiResponse error(int status, String message) {
        return json(status, Map.of("error", message));
    }
}
