package org.jxdp.capture.live;

import com.sun.jna.Memory;
import java.io.IOException;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.locks.LockSupport;
import org.jxdp.capture.pipeline.FrameSlot;
import org.jxdp.capture.pipeline.FrameSource;

/**
 * One or two live interfaces as a {@link FrameSource}: frames are read without blocking, taking
 * turns between the interfaces so that a busy one cannot starve the other; when none has a frame
 * the source waits up to {@code pollMillis} for either with {@code poll(2)} and then returns
 * {@link #NONE}. Each frame carries the ifindex of the interface it came in on (its
 * {@code ingress_ifindex}) and that interface's position in the list as its capture interface
 * (what {@link TransmitSink} uses to send it back or across). {@link #stop} (from a signal
 * handler or a timer) makes the next call return {@link #END}. Closing the source closes the
 * interfaces.
 */
public final class LiveSource implements FrameSource {
    private static final int POLLFD_BYTES = 8;
    /** Calls after a frame that return NONE at once rather than wait in poll. */
    static final int SPIN_CALLS = 256;

    private final LiveInterface[] interfaces;
    private final int pollMillis;
    private final Memory pollfds;
    private final boolean pollable;
    private volatile boolean stopped;
    private int turn;
    /** Calls that found no frame since the last frame (SPIN_CALLS or more: idle, wait in poll). */
    private int idleCalls = SPIN_CALLS;

    /**
     * @param interfaces one (monitor) or two (inline) open interfaces
     * @param pollMillis how long a call waits for a frame before returning {@link #NONE}
     */
    public LiveSource(List<LiveInterface> interfaces, int pollMillis) {
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("no interface to capture on");
        }
        if (pollMillis < 1) {
            throw new IllegalArgumentException("poll time must be at least 1 ms: " + pollMillis);
        }
        this.interfaces = interfaces.toArray(new LiveInterface[0]);
        this.pollMillis = pollMillis;
        this.pollfds = new Memory((long) POLLFD_BYTES * this.interfaces.length);
        boolean all = true;
        for (int i = 0; i < this.interfaces.length; i++) {
            int fd = this.interfaces[i].selectableFd();
            all &= fd >= 0;
            pollfds.setInt((long) i * POLLFD_BYTES, fd);
            pollfds.setShort((long) i * POLLFD_BYTES + 4, PcapNative.POLLIN);
            pollfds.setShort((long) i * POLLFD_BYTES + 6, (short) 0);
        }
        this.pollable = all;
    }

    /**
     * A frame from the next interface in turn that has one. When none has: for the first
     * {@value #SPIN_CALLS} calls after a frame, {@link #NONE} at once (the pipeline carries out
     * what it holds, including frames that worker threads finish meanwhile, without waiting for
     * the poll time: some tens of microseconds of spinning after each burst); after that, only
     * after waiting up to the poll time for a frame.
     */
    @Override
    public int next(FrameSlot slot) throws IOException {
        for (int round = 0; round < 2; round++) {
            if (stopped) {
                return END;
            }
            if (readAny(slot)) {
                idleCalls = 0;
                return FRAME;
            }
            if (idleCalls < SPIN_CALLS) {
                idleCalls++;
                Thread.onSpinWait();
                return NONE;
            }
            if (round == 0) {
                await();
            }
        }
        return NONE;
    }

    private boolean readAny(FrameSlot slot) throws IOException {
        LiveInterface[] in = interfaces;
        int n = in.length;
        for (int i = 0; i < n; i++) {
            int k = turn;
            turn = k + 1 == n ? 0 : k + 1;
            if (in[k].read(slot, k) == FRAME) {
                return true;
            }
        }
        return false;
    }

    /** Waits until an interface has a frame, the poll time passes or a signal arrives. */
    private void await() {
        if (pollable) {
            PcapNative.Libc.poll(pollfds, interfaces.length, pollMillis);
        } else {
            LockSupport.parkNanos(pollMillis * 1_000_000L);
        }
    }

    @Override
    public boolean replay() {
        return false;
    }

    @Override
    public void stop() {
        stopped = true;
    }

    /** True once {@link #stop} was called. */
    public boolean stopped() {
        return stopped;
    }

    @Override
    public int linkType() {
        return interfaces[0].linkType();
    }

    /** The interfaces, in capture-interface order. */
    public List<LiveInterface> interfaces() {
        return List.of(interfaces);
    }

    @Override
    public String name() {
        StringJoiner j = new StringJoiner(", ");
        for (LiveInterface i : interfaces) {
            j.add(i.toString());
        }
        return j.toString();
    }

    @Override
    public void close() {
        for (LiveInterface i : interfaces) {
            i.close();
        }
    }
}
