package org.jxdp.metrics.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.WriteTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server of {@code --metrics}: Netty on one event-loop thread of its own (a daemon,
 * {@code jxdp-metrics-*}), nothing shared with the packet path but the counters it reads.
 *
 * <p>Limits, so that slow or malformed clients cost little and stall nothing: request line
 * 4 KiB, headers 8 KiB, body 64 KiB (413 above); a request must be complete 10 s after its
 * first byte and a keep-alive connection may idle 30 s; a response must be written within
 * 10 s; at most 64 connections at once (more are closed at once).
 */
public final class MetricsServer implements AutoCloseable {
    /** The largest request body accepted. */
    public static final int MAX_BODY = 64 * 1024;
    /** Connections served at once. */
    public static final int MAX_CONNECTIONS = 64;

    private final EventLoopGroup group;
    private final Channel channel;
    private final ChannelGroup connections;
    private final InetSocketAddress address;

    private MetricsServer(EventLoopGroup group, Channel channel, ChannelGroup connections) {
        this.group = group;
        this.channel = channel;
        this.connections = connections;
        this.address = (InetSocketAddress) channel.localAddress();
    }

    /** Starts serving {@code routes} on {@code address} with the default time limits. */
    public static MetricsServer start(InetSocketAddress address, HttpRoutes routes) throws IOException {
        return start(address, routes, TimeUnit.SECONDS.toNanos(10), TimeUnit.SECONDS.toNanos(30));
    }

    /**
     * Starts serving {@code routes} on {@code address} (port 0: any free port).
     *
     * @param requestNanos how long a request may take from its first byte to its last
     * @param idleNanos how long a keep-alive connection may idle
     * @throws IOException when the address cannot be bound
     */
    public static MetricsServer start(InetSocketAddress address, HttpRoutes routes, long requestNanos, long idleNanos)
            throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("jxdp-metrics", true),
                NioIoHandler.newFactory());
        AtomicInteger open = new AtomicInteger();
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        ChannelHandler limit = new ConnectionLimit(open);
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(64 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        ch.pipeline().addLast(limit)
                                .addLast(new RequestDeadline(requestNanos, idleNanos))
                                .addLast(new WriteTimeoutHandler(10))
                                .addLast(new HttpServerCodec(4096, 8192, 8192))
                                .addLast(new BoundedAggregator(MAX_BODY))
                                .addLast(new RequestHandler(routes));
                    }
                });
        try {
            Channel ch = b.bind(address).sync().channel();
            return new MetricsServer(group, ch, connections);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException(address.getHostString() + ":" + address.getPort() + ": cannot listen: "
                    + e.getMessage(), e);
        } 
    }

    /** Where the server listens (the real port when asked for port 0). */
    public InetSocketAddress address() {
        return address;
    }

    /** Stops listening, closes every connection, and waits (up to 2 s) for the event loop to end. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** Closes connections beyond {@link #MAX_CONNECTIONS}. */
    @ChannelHandler.Sharable
    private static final class ConnectionLimit extends ChannelInboundHandlerAdapter {
        private final AtomicInteger open;

        ConnectionLimit(AtomicInteger open) {
            this.open = open;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            if (open.incrementAndGet() > MAX_CONNECTIONS) {
                ctx.close();
                return;
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            open.decrementAndGet();
            super.channelInactive(ctx);
        }
    }
}
