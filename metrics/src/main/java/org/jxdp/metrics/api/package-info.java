/**
 * The JSON control API under {@code /api/v1} ({@link org.jxdp.metrics.api.ControlApi}): the
 * running programs, the maps, their elements as hex, and updates and deletes guarded by a bearer
 * {@link org.jxdp.metrics.api.ApiToken}; with the small {@link org.jxdp.metrics.api.Json} and
 * {@link org.jxdp.metrics.api.Hex} codecs it and {@code jxdp map} share. Independent of the
 * transport: requests and answers are plain records.
 */
package org.jxdp.metrics.api;
