package org.jxdp.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ring delivers every entry once, in order, across threads, and never overwrites unconsumed ones. */
class SpscIntRingTest {

    @Test
    void capacityIsAPowerOfTwoAndFullMeansFull() {
        SpscIntRing r = new SpscIntRing(5);
        assertThat(r.capacity()).isEqualTo(8);
        for (int i = 0; i < 8; i++) {
            assertThat(r.offerable()).isEqualTo(8 - i);
            r.put(i);
        }
        assertThat(r.offerable()).isZero();
        assertThat(r.available()).as("nothing published yet").isZero();
        r.publish();
        assertThat(r.available()).isEqualTo(8);
        assertThat(r.take()).isZero();
        assertThat(r.offerable()).as("not released yet").isZero();
        r.release();
        assertThat(r.offerable()).isEqualTo(1);
    }

    @Test
    void tenMillionEntriesCrossThreadsInOrder() throws InterruptedException {
        SpscIntRing r = new SpscIntRing(1024);
        int n = 10_000_000;
        long[] sum = new long[1];
        boolean[] ordered = {true};
        Thread consumer = new Thread(() -> {
            int expect = 0;
            while (expect < n) {
                int k = r.available();
                for (int i = 0; i < k; i++) {
                    int v = r.take();
                    if (v != expect) {
                        ordered[0] = false;
                    }
                    sum[0] += v;
                    expect++;
                }
                r.release();
                if (k == 0) {
                    Thread.onSpinWait();
                }
            }
        });
        consumer.start();
        int next = 0;
        while (next < n) {
            int k = Math.min(r.offerable(), n - next);
            for (int i = 0; i < k; i++) {
                r.put(next++);
            }
            r.publish();
            if (k == 0) {
                Thread.onSpinWait();
            }
        }
        consumer.join();
        assertThat(ordered[0]).isTrue();
        assertThat(sum[0]).isEqualTo((long) n * (n - 1) / 2);
    }
}
