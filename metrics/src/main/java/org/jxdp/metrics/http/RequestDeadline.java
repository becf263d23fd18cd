package org.jxdp.metrics.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection whose request is not complete within a deadline of its first byte (a
 * slow or stalled client, a slowloris), and a keep-alive connection idle for longer than the
 * idle time. Sits first in the pipeline, where it sees raw bytes; the request handler calls
 * {@link #requestComplete} when a whole request has arrived.
 */
final class RequestDeadline extends ChannelDuplexHandler {
    private final long requestNanos;
    private final long idleNanos;
    private ScheduledFuture<?> timer;
    private boolean inRequest;

    RequestDeadline(long requestNanos, long idleNanos) {
        this.requestNanos = requestNanos;
        this.idleNanos = idleNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx, idleNanos);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!inRequest) {
            inRequest = true;
            arm(ctx, requestNanos);
        }
        super.channelRead(ctx, msg);
    }

    /** A whole request arrived: the connection may now idle until the next one. */
    void requestComplete(ChannelHandlerContext ctx) {
        inRequest = false;
        arm(ctx, idleNanos);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }

    private void arm(ChannelHandlerContext ctx, long nanos) {
        cancel();
        timer = ctx.executor().schedule(() -> {
            ctx.close();
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
