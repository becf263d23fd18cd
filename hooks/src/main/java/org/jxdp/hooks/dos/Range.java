package org.jxdp.hooks.dos;

/**
 * An inclusive range of a header field ({@code 161}, {@code 1024-65535}); {@link #any} covers the
 * field's every value.
 *
 * @param min the smallest value matched
 * @param max the largest value matched
 */
public record Range(int min, int max) {

    /** The whole range of a field whose largest value is {@code fieldMax}. */
    public static Range any(int fieldMax) {
        return new Range(0, fieldMax);
    }

    /** Parses {@code N} or {@code N-M} within 0..fieldMax; throws IllegalArgumentException with the reason. */
    public static Range parse(String text, int fieldMax) {
        String s = text.trim();
        int dash = s.indexOf('-', 1);
        int a;
        int b;
        try {
            a = Integer.parseInt(dash < 0 ? s : s.substring(0, dash).trim());
            b = dash < 0 ? a : Integer.parseInt(s.substring(dash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number or a range N-M");
        }
        if (a < 0 || b > fieldMax || a > b) {
            throw new IllegalArgumentException("'" + text + "' must be within 0-" + fieldMax + ", low end first");
        }
        return new Range(a, b);
    }

    /** True when the range does not constrain a field whose largest value is {@code fieldMax}. */
    public boolean isAny(int fieldMax) {
        return min == 0 && max == fieldMax;
    }

    @Override
    public String toString() {
        return min == max ? Integer.toString(min) : min + "-" + max;
    }
}
