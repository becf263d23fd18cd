package org.jxdp.metrics.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import org.jxdp.metrics.api.ApiResponse;

/**
 * Gathers a request and its body, refusing a body over the limit with a JSON 413. While the
 * client may still be sending the body (a keep-alive request whose body is still coming), the
 * connection stays open and the rest of the body is read and thrown away (the aggregator does
 * that after this refusal; the request deadline still bounds it): closing a socket with unread
 * bytes makes the kernel answer with a reset, which can destroy the 413 before the client reads
 * it. A request that asked to close, or whose body has all arrived, is answered and closed.
 */
final class BoundedAggregator extends HttpObjectAggregator {
    private final int maxBody;

    BoundedAggregator(int maxBody) {
        super(maxBody);
        this.maxBody = maxBody;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        boolean bodyStillComing = !(oversized instanceof FullHttpMessage) && HttpUtil.isKeepAlive(oversized);
        RequestHandler.write(ctx, ApiResponse.error(413, "request body over " + maxBody + " bytes"), bodyStillComing,
                false);
    }
}
