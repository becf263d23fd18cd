package org.jxdp.capture.live;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jxdp.capture.pipeline.FrameSlot;
import org.jxdp.capture.pipeline.RedirectKind;
import org.jxdp.capture.pipeline.VerdictSink;
import org.jxdp.hooks.XdpAction;

/**
 * Carries the verdicts of live frames out on the interfaces, as the program left the frames:
 * <ul>
 *   <li>TX: back out of the interface the frame came in on;</li>
 *   <li>REDIRECT to an ifindex ({@code bpf_redirect}, a devmap entry): out of that interface,
 *       named by the OS and opened on first use (one that does not exist, or cannot be opened,
 *       counts the frame as not transmitted, as the kernel drops it); a cpumap redirect hands the
 *       frame to the stack on another CPU, which is PASS; an xskmap redirect or a devmap
 *       broadcast is counted, not transmitted;</li>
 *   <li>PASS (and frames not run): in {@link Mode#INLINE}, out of the other interface; in
 *       {@link Mode#MONITOR} nothing, the kernel already delivered the frame;</li>
 *   <li>DROP and ABORTED: nothing.</li>
 * </ul>
 * Transmissions that fail are counted per interface ({@link LiveInterface#stats()}), not
 * thrown. Interfaces opened here for redirects are closed with the sink; the capture interfaces
 * belong to the source.
 */
public final class TransmitSink implements VerdictSink {
    /** What PASS means. */
    public enum Mode {
        /** One interface: PASS is the kernel's business; only TX and REDIRECT are transmitted. */
        MONITOR,
        /** Two interfaces: PASS crosses to the other one, in both directions. */
        INLINE
    }

    private final LiveInterface[] capture;
    private final Mode mode;
    private int[] targetIfindex = new int[0];
    private LiveInterface[] targets = new LiveInterface[0];
    private final List<LiveInterface> opened = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private long forwarded;
    private long reflected;
    private long redirected;
    private long notTransmitted;

    /**
     * @param capture the source's interfaces, in its order (a frame's capture interface is its
     *     position here)
     * @param mode {@link Mode#INLINE} needs exactly two interfaces
     */
    public TransmitSink(List<LiveInterface> capture, Mode mode) {
        if (mode == Mode.INLINE && capture.size() != 2) {
            throw new IllegalArgumentException("inline mode needs two interfaces, not " + capture.size());
        }
        this.capture = capture.toArray(new LiveInterface[0]);
        this.mode = mode;
        for (LiveInterface i : this.capture) {
            remember(i.ifindex(), i);
        }
    }

    @Override
    public void accept(FrameSlot s) throws IOException {
        if (s.ringDrop()) {
            return;
        }
        int in = s.interfaceIndex();
        if (s.notRun() != null) {
            pass(s, in);
            return;
        }
        switch (s.action()) {
            case XdpAction.XDP_PASS -> pass(s, in);
            case XdpAction.XDP_TX -> {
                if (capture[in].send(s.array(), s.offset(), s.length())) {
                    reflected++;
                } else {
                    notTransmitted++;
                }
            }
            case XdpAction.XDP_REDIRECT -> redirect(s, in);
            default -> {
                // DROP, ABORTED: nothing leaves
            }
        }
    }

    private void pass(FrameSlot s, int in) {
        if (mode == Mode.INLINE) {
            if (capture[1 - in].send(s.array(), s.offset(), s.length())) {
                forwarded++;
            } else {
                notTransmitted++;
            }
        }
    }

    private void redirect(FrameSlot s, int in) {
        RedirectKind kind = s.redirectKind();
        if (kind == RedirectKind.CPU) {
            pass(s, in);
            return;
        }
        if (kind != RedirectKind.IFINDEX || s.redirectTarget() <= 0 || s.redirectTarget() > Integer.MAX_VALUE) {
            notTransmitted++;
            return;
        }
        LiveInterface t = target((int) s.redirectTarget());
        if (t != null && t.send(s.array(), s.offset(), s.length())) {
            redirected++;
        } else {
            notTransmitted++;
        }
    }

    /** The interface with {@code ifindex}, opened on first use; null when it cannot be had (reported once). */
    private LiveInterface target(int ifindex) {
        int[] keys = targetIfindex;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == ifindex) {
                return targets[i];
            }
        }
        LiveInterface t = null;
        try {
            String name = LiveInterface.name(ifindex);
            if (name == null) {
                problems.add("redirect to ifindex " + ifindex + ": no such interface; its frames are dropped");
            } else {
                t = LiveInterface.openForSending(name);
                opened.add(t);
            }
        } catch (IOException e) {
            problems.add("redirect to ifindex " + ifindex + ": " + e.getMessage() + "; its frames are dropped");
        }
        remember(ifindex, t);
        return t;
    }

    private void remember(int ifindex, LiveInterface i) {
        int n = targetIfindex.length;
        targetIfindex = Arrays.copyOf(targetIfindex, n + 1);
        targetIfindex[n] = ifindex;
        targets = Arrays.copyOf(targets, n + 1);
        targets[n] = i;
    }

    /** PASS frames sent out of the other interface (inline). */
    public long forwarded() {
        return forwarded;
    }

    /** TX frames sent back out of their interface. */
    public long reflected() {
        return reflected;
    }

    /** REDIRECT frames sent out of their target interface. */
    public long redirected() {
        return redirected;
    }

    /**
     * Frames whose verdict called for a transmission that did not happen: a failed send, a
     * redirect target that does not exist, an xskmap redirect, a devmap broadcast.
     */
    public long notTransmitted() {
        return notTransmitted;
    }

    /** Interfaces opened for redirects, with their counters. */
    public List<InterfaceStats> redirectInterfaces() {
        List<InterfaceStats> out = new ArrayList<>();
        for (LiveInterface i : opened) {
            out.add(i.stats());
        }
        return out;
    }

    /** Redirect targets that could not be had, one line each. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    @Override
    public void close() {
        for (LiveInterface i : opened) {
            i.close();
        }
    }
}
