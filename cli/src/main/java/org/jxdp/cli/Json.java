package org.jxdp.cli;

import java.util.Locale;

/** A small JSON writer for the commands' {@code --json} output (objects, arrays, strings, numbers). */
final class Json {
    private final StringBuilder b = new StringBuilder();
    private boolean first = true;

    Json open() {
        comma();
        b.append('{');
        first = true;
        return this;
    }

    Json close() {
        b.append('}');
        first = false;
        return this;
    }

    Json openArray() {
        comma();
        b.append('[');
        first = true;
        return this;
    }

    Json closeArray() {
        b.append(']');
        first = false;
        return this;
    }

    /** A key; the value follows. */
    Json field(String name) {
        comma();
        quote(name);
        b.append(':');
        first = true;
        return this;
    }

    Json string(String s) {
        comma();
        quote(s);
        first = false;
        return this;
    }

    Json number(long v) {
        comma();
        b.append(v);
        first = false;
        return this;
    }

    Json decimal(double v) {
        comma();
        b.append(String.format(Locale.ROOT, "%.4f", v));
        first = false;
        return this;
    }

    Json nullValue() {
        comma();
        b.append("null");
        first = false;
        return this;
    }

    Json bool(boolean v) {
        comma();
        b.append(v);
        first = false;
        return this;
    }

    Json array(long[] values) {
        openArray();
        for (long v : values) {
            number(v);
        }
        return closeArray();
    }

    private void comma() {
        if (!first) {
            b.append(',');
        }
    }

    private void quote(String s) {
        org.jxdp.metrics.api.Json.quote(b, s);
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
