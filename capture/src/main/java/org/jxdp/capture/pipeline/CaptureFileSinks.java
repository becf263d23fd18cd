package org.jxdp.capture.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxdp.hooks.XdpAction;

/**
 * Writes frames to capture files by verdict, as the program left them (after
 * {@code adjust_head}/{@code adjust_tail}, back in their own link type):
 * <ul>
 *   <li>PASS, and frames that were not run (they pass through untouched): the pass file;</li>
 *   <li>DROP and ABORTED (the kernel drops aborted frames too): the drop file;</li>
 *   <li>TX: the tx file;</li>
 *   <li>REDIRECT: the redirect file; when its name contains {@code {target}}, one file per
 *       target, the placeholder replaced by the ifindex ({@code bpf_redirect}, devmaps),
 *       {@code cpuN} (cpumap), {@code xskN} (xskmap) or {@code broadcast}.</li>
 * </ul>
 * Any of the files may be left out (null): its frames are only counted. A file that gets no
 * frame is still written, empty. Ring drops are written nowhere.
 */
public final class CaptureFileSinks implements VerdictSink {
    /** The placeholder a redirect file name may hold. */
    public static final String TARGET = "{target}";

    private final CaptureOutput pass;
    private final CaptureOutput drop;
    private final CaptureOutput tx;
    private final Path redirect;
    private final java.util.function.BooleanSupplier nanoseconds;
    private final int linkType;
    private final CaptureOutput redirectAll;
    // per-target redirect files: a small open list, scanned (targets are few)
    private long[] targetKeys = new long[0];
    private CaptureOutput[] targetOutputs = new CaptureOutput[0];

    /**
     * Files by verdict (each may be null).
     *
     * @param nanoseconds asked at a file's first frame: write classic pcap with nanosecond timestamps
     * @param linkType the link type of a classic pcap file that gets no frame
     */
    public CaptureFileSinks(Path pass, Path drop, Path tx, Path redirect, java.util.function.BooleanSupplier nanoseconds,
                            int linkType) {
        this.nanoseconds = nanoseconds;
        this.linkType = linkType;
        this.pass = pass == null ? null : new CaptureOutput(pass, nanoseconds, linkType);
        this.drop = drop == null ? null : new CaptureOutput(drop, nanoseconds, linkType);
        this.tx = tx == null ? null : new CaptureOutput(tx, nanoseconds, linkType);
        this.redirect = redirect;
        boolean perTarget = redirect != null && redirect.toString().contains(TARGET);
        this.redirectAll = redirect == null || perTarget ? null : new CaptureOutput(redirect, nanoseconds, linkType);
    }

    @Override
    public void accept(FrameSlot s) throws IOException {
        if (s.ringDrop) {
            return;
        }
        CaptureOutput o;
        if (s.notRun != null) {
            o = pass;
        } else {
            switch (s.action) {
                case XdpAction.XDP_PASS -> o = pass;
                case XdpAction.XDP_TX -> o = tx;
                case XdpAction.XDP_REDIRECT -> o = redirectAll != null || redirect == null ? redirectAll : target(s);
                default -> o = drop;
            }
        }
        if (o != null) {
            o.write(s, null);
        }
    }

    private CaptureOutput target(FrameSlot s) {
        long key = (long) s.redirectKind.ordinal() << 48 | (s.redirectTarget & 0xffffffffffffL);
        long[] keys = targetKeys;
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == key) {
                return targetOutputs[i];
            }
        }
        String name = switch (s.redirectKind) {
            case IFINDEX -> Long.toString(s.redirectTarget);
            case BROADCAST -> "broadcast";
            case CPU -> "cpu" + s.redirectTarget;
            case XSK -> "xsk" + s.redirectTarget;
        };
        Path p = Path.of(redirect.toString().replace(TARGET, name));
        CaptureOutput o = new CaptureOutput(p, nanoseconds, linkType);
        int n = keys.length;
        targetKeys = java.util.Arrays.copyOf(keys, n + 1);
        targetKeys[n] = key;
        targetOutputs = java.util.Arrays.copyOf(targetOutputs, n + 1);
        targetOutputs[n] = o;
        return o;
    }

    /** Frames written to each file so far, by file, in the order: pass, drop, tx, redirect files. */
    public Map<Path, Long> written() {
        Map<Path, Long> m = new LinkedHashMap<>();
        for (CaptureOutput o : outputs()) {
            m.put(o.path(), o.frames());
        }
        return m;
    }

    private List<CaptureOutput> outputs() {
        List<CaptureOutput> all = new ArrayList<>();
        for (CaptureOutput o : new CaptureOutput[] {pass, drop, tx, redirectAll}) {
            if (o != null) {
                all.add(o);
            }
        }
        all.addAll(List.of(targetOutputs));
        return all;
    }

    @Override
    public void flush() throws IOException {
        for (CaptureOutput o : outputs()) {
            o.flush();
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (CaptureOutput o : outputs()) {
            try {
                o.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
