package org.jxdp.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT and SIGTERM as a request to stop, not an exit: while installed, the first signal runs
 * {@code onStop} (which asks the live source to end, so the pipeline drains, the outputs are
 * flushed and the summary printed, and the command returns normally); a second one, for a
 * session that does not end, exits at once with status 128 + the signal's number. Closing puts
 * the previous handlers back. Where the JVM does not let a signal be handled (-Xrs, or a signal
 * ignored when the JVM started), that signal keeps its meaning.
 */
final class StopSignals implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final AtomicInteger received = new AtomicInteger();

    StopSignals(Runnable onStop) {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal s = new Signal(name);
                SignalHandler old = Signal.handle(s, sig -> {
                    if (received.incrementAndGet() == 1) {
                        onStop.run();
                    } else {
                        System.err.println("jxdp: SIG" + sig.getName() + " again: exiting without the summary");
                        System.exit(128 + sig.getNumber());
                    }
                });
                signals.add(s);
                previous.add(old);
            } catch (IllegalArgumentException e) {
                // the signal is reserved or unknown here: it keeps its default meaning
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            try {
                Signal.handle(signals.get(i), previous.get(i));
            } catch (IllegalArgumentException e) {
                // cannot happen: it was installed above
            }
        }
    }
}
