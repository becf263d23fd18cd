package org.jxdp.metrics.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxdp.metrics.api.ApiRequest;
import org.jxdp.metrics.api.ApiResponse;

/** Turns a whole HTTP request into an {@link ApiRequest}, asks the {@link HttpRoutes} and writes the answer. */
final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final HttpRoutes routes;

    RequestHandler(HttpRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        RequestDeadline deadline = ctx.pipeline().get(RequestDeadline.class);
        if (deadline != null) {
            deadline.requestComplete(ctx.pipeline().context(deadline));
        }
        ApiResponse answer;
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (req.decoderResult().isFailure()) {
            Throwable why = req.decoderResult().cause();
            answer = ApiResponse.error(400, "bad request: " + (why == null ? "malformed" : why.getMessage()));
            keepAlive = false;
        } else {
            answer = answer(req);
        }
        boolean head = req.method().equals(HttpMethod.HEAD);
        write(ctx, answer, keepAlive, head);
    }

    private ApiResponse answer(FullHttpRequest req) {
        QueryStringDecoder q;
        try {
            q = new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8);
            q.path();
        } catch (IllegalArgumentException e) {
            return ApiResponse.error(400, "bad request URI: " + e.getMessage());
        }
        Map<String, String> query = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : q.parameters().entrySet()) {
            if (!e.getValue().isEmpty()) {
                query.put(e.getKey(), e.getValue().get(0));
            }
        }
        String body = req.content().toString(StandardCharsets.UTF_8);
        ApiRequest r = new ApiRequest(req.method().name(), q.path(), query,
                req.headers().get(HttpHeaderNames.AUTHORIZATION), req.headers().get(HttpHeaderNames.ACCEPT), body);
        try {
            return routes.handle(r);
        } catch (RuntimeException e) {
            return ApiResponse.error(500, "internal error: " + e);
        }
    }

    static void write(ChannelHandlerContext ctx, ApiResponse a, boolean keepAlive, boolean head) {
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        ByteBuf content = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(a.status()),
                content);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, a.contentType());
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
