package org.jxdp.hooks.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The entries of {@code bpftool -j map dump}: each has {@code "key"} and {@code "value"} (or,
 * per-CPU, {@code "values": [{"cpu": n, "value": [...]}]}) as arrays of {@code "0x.."} bytes. A
 * small reader for exactly that shape.
 */
final class BpfMapDump {
    private BpfMapDump() {
    }

    /** One element: its key and its values, one per CPU (one for a shared map). */
    record Entry(byte[] key, List<byte[]> values) {
    }

    static List<Entry> parse(String raw) {
        String json = withoutFormatted(raw);
        List<Entry> out = new ArrayList<>();
        int i = 0;
        while (true) {
            int k = json.indexOf("\"key\":[", i);
            if (k < 0) {
                break;
            }
            int keyStart = json.indexOf('[', k);
            int keyEnd = json.indexOf(']', keyStart);
            byte[] key = bytes(json.substring(keyStart + 1, keyEnd));
            int nextKey = json.indexOf("\"key\":[", keyEnd);
            int limit = nextKey < 0 ? json.length() : nextKey;
            List<byte[]> values = new ArrayList<>();
            int v = keyEnd;
            while (true) {
                int vv = json.indexOf("\"value\":[", v);
                if (vv < 0 || vv > limit) {
                    break;
                }
                int s = json.indexOf('[', vv);
                int e = json.indexOf(']', s);
                if (s < 0 || s > limit) {
                    break;
                }
                values.add(bytes(json.substring(s + 1, e)));
                v = e;
            }
            out.add(new Entry(key, values));
            i = keyEnd;
        }
        return out;
    }

    /** Drops bpftool's BTF-formatted copies ({@code "formatted": {...}}), which repeat "key" and "value". */
    private static String withoutFormatted(String json) {
        StringBuilder sb = new StringBuilder(json);
        int at;
        while ((at = sb.indexOf("\"formatted\":")) >= 0) {
            int open = sb.indexOf("{", at);
            int depth = 0;
            int end = open;
            for (; end < sb.length(); end++) {
                char c = sb.charAt(end);
                if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    break;
                }
            }
            sb.delete(at, end + 1);
        }
        return sb.toString();
    }

    private static byte[] bytes(String list) {
        String[] parts = list.replace("\"", "").split(",");
        List<Byte> b = new ArrayList<>();
        for (String p : parts) {
            String t = p.trim();
            if (!t.isEmpty()) {
                b.add((byte) Integer.parseInt(t.startsWith("0x") ? t.substring(2) : t, 16));
            }
        }
        byte[] out = new byte[b.size()];
        for (int j = 0; j < out.length; j++) {
            out[j] = b.get(j);
        }
        return out;
    }
}
