package org.jxdp.metrics.api;

import java.util.Map;

/**
 * A request to the control API, whatever carried it.
 *
 * @param method GET, PUT, DELETE, ...
 * @param path the decoded path, {@code /api/v1/maps/ports}
 * @param query the decoded query parameters (the first of each name)
 * @param authorization the Authorization header, or null
 * @param accept the Accept header, or null
 * @param body the body as UTF-8 text (empty when there is none)
 */
public record ApiRequest(String method, String path, Map<String, String> query, String authorization, String accept,
                         String body) {
}
