package org.jxdp.engine.object;

import java.util.Arrays;

/**
 * The source location of each instruction of a linked program ({@code xdp_filter.c:37}), from
 * the object's {@code .BTF.ext} line info, for messages. Instructions without line info take the
 * last location before them in their function, as the kernel's verifier log does.
 */
public final class SourceLines {
    private static final SourceLines NONE = new SourceLines(new String[0], new String[0]);
    private final String[] locations;
    private final String[] texts;

    SourceLines(String[] locations, String[] texts) {
        this.locations = locations;
        this.texts = texts;
    }

    /** No line information. */
    public static SourceLines none() {
        return NONE;
    }

    /** {@code file.c:37} for instruction {@code pc}, or null when unknown. */
    public String location(int pc) {
        return pc >= 0 && pc < locations.length ? locations[pc] : null;
    }

    /** The source line's text for instruction {@code pc}, or null when unknown. */
    public String text(int pc) {
        return pc >= 0 && pc < texts.length ? texts[pc] : null;
    }

    /** True when some instruction has a location. */
    public boolean present() {
        return Arrays.stream(locations).anyMatch(l -> l != null);
    }
}
