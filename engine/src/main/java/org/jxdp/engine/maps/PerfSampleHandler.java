package org.jxdp.engine.maps;

/**
 * What a perf event array's consumer does with each record it drains, as libbpf's perf_buffer
 * callbacks do: {@code sample} for a {@code PERF_RECORD_SAMPLE}, {@code lost} for a
 * {@code PERF_RECORD_LOST}.
 */
public interface PerfSampleHandler {
    /**
     * A sample written on {@code cpu}: its raw bytes as the kernel delivers them, zero-padded so
     * that the 4-byte size field plus the bytes are a multiple of 8.
     */
    void sample(int cpu, byte[] data);

    /** {@code count} samples of {@code cpu} were dropped because its ring was full. */
    default void lost(int cpu, long count) {
    }
}
