package org.jxdp.metrics.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import org.jxdp.metrics.api.ApiResponse;

/** Gathers a request and its body, refusing a body over the limit with a JSON 413 and closing the connection. */
final class BoundedAggregator extends HttpObjectAggregator {
    private final int maxBody;

    BoundedAggregator(int maxBody) {
        super(maxBody);
        this.maxBody = maxBody;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        RequestHandler.write(ctx, ApiResponse.error(413, "request body over " + maxBody + " bytes"), false, false);
    }
}
