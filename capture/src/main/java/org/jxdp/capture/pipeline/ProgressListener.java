package org.jxdp.capture.pipeline;

/** Told the progress of a run from time to time, on the pipeline thread (keep it quick). */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param frames frames whose verdicts were carried out so far
     * @param bytes their captured bytes
     * @param elapsedNanos time since the run started
     */
    void progress(long frames, long bytes, long elapsedNanos);
}
