package org.jxdp.metrics.api;

import java.util.HexFormat;

/**
 * Bytes as bpftool shows them, {@code 0a 00 00 01}, and back from that or from {@code 0a000001}
 * or {@code 0x0a 0x00 0x00 0x01}.
 */
public final class Hex {
    private Hex() {
    }

    /** {@code 0a 00 00 01}. */
    public static String format(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }

    /**
     * The bytes of a hex string: one run of digits ({@code 0a000001}), or bytes separated by spaces
     * ({@code 0a 0 0 1}, as bpftool takes them); either may carry {@code 0x} prefixes.
     *
     * @throws IllegalArgumentException when it is not hex, with why
     */
    public static byte[] parse(String text) {
        String[] tokens = text.strip().split("\\s+");
        StringBuilder digits = new StringBuilder();
        if (tokens.length == 1) {
            digits.append(prefixless(tokens[0]));
        } else {
            for (String tok : tokens) {
                String t = prefixless(tok);
                if (t.isEmpty() || t.length() > 2) {
                    throw new IllegalArgumentException("not hex bytes: '" + text + "' ('" + tok + "' is no byte)");
                }
                digits.append(t.length() == 1 ? "0" : "").append(t);
            }
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits in '" + text + "'");
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not hex: '" + text + "'");
        }
    }

    private static String prefixless(String tok) {
        return tok.startsWith("0x") || tok.startsWith("0X") ? tok.substring(2) : tok;
    }
}
