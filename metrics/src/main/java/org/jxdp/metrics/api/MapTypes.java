package org.jxdp.metrics.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jxdp.engine.btf.Btf;
import org.jxdp.engine.btf.BtfException;
import org.jxdp.engine.btf.BtfValueCodec;
import org.jxdp.engine.maps.BpfMap;

/**
 * Map keys and values as typed JSON through the object's BTF, as {@code bpftool map dump -j}
 * shows them under {@code "formatted"}: integers and enums as numbers, floats as numbers, structs
 * and unions as objects of their members, arrays (byte arrays too) as lists. Encoding takes the
 * same forms back (an enum also by name; a struct's absent members are zero). A map whose
 * definition carries no BTF key or value type has no typed form: its keys and values are hex only.
 */
public final class MapTypes {
    /** No BTF: every map is hex only. */
    public static final MapTypes NONE = new MapTypes(null);

    private final Btf btf;
    private final BtfValueCodec codec;

    /** @param btf the object's BTF, or null */
    public MapTypes(Btf btf) {
        this.btf = btf;
        this.codec = btf == null ? null : new BtfValueCodec(btf);
    }

    /** True when {@code m}'s keys have a BTF type. */
    public boolean typedKey(BpfMap m) {
        return codec != null && m.definition().keyTypeId() != 0;
    }

    /** True when {@code m}'s values have a BTF type. */
    public boolean typedValue(BpfMap m) {
        return codec != null && m.definition().valueTypeId() != 0;
    }

    /** The C type of {@code m}'s keys and values, {@code {"key": "__u32", "value": "struct dos_rate"}}, or null. */
    public Map<String, Object> describe(BpfMap m) {
        if (!typedKey(m) && !typedValue(m)) {
            return null;
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("key", typedKey(m) ? btf.render(m.definition().keyTypeId()) : null);
        j.put("value", typedValue(m) ? btf.render(m.definition().valueTypeId()) : null);
        return j;
    }

    /** A key in its typed JSON form. */
    public Object key(BpfMap m, byte[] key) {
        return decode(m, m.definition().keyTypeId(), key);
    }

    /** One value (one CPU's, for a per-CPU map) in its typed JSON form. */
    public Object value(BpfMap m, byte[] value) {
        return decode(m, m.definition().valueTypeId(), value);
    }

    /** The bytes of a typed JSON key. */
    public byte[] encodeKey(BpfMap m, Object json) {
        if (!typedKey(m)) {
            throw new IllegalArgumentException(m.name() + ": the key has no BTF type: give it in hex");
        }
        return encode(m, m.definition().keyTypeId(), json, "key");
    }

    /** The bytes of one typed JSON value (one CPU's, for a per-CPU map). */
    public byte[] encodeValue(BpfMap m, Object json) {
        if (!typedValue(m)) {
            throw new IllegalArgumentException(m.name() + ": the value has no BTF type: give it in hex");
        }
        return encode(m, m.definition().valueTypeId(), json, "value");
    }

    private Object decode(BpfMap m, int type, byte[] bytes) {
        try {
            return json(codec.decode(type, bytes));
        } catch (BtfException e) {
            throw new IllegalArgumentException(m.name() + ": " + e.getMessage(), e);
        }
    }

    private byte[] encode(BpfMap m, int type, Object json, String what) {
        try {
            return codec.encode(type, json);
        } catch (BtfException e) {
            throw new IllegalArgumentException(m.name() + ": " + what + ": " + e.getMessage(), e);
        }
    }

    /** The codec's forms as JSON: byte arrays become lists of numbers 0..255. */
    private static Object json(Object v) {
        if (v instanceof byte[] b) {
            List<Object> out = new ArrayList<>(b.length);
            for (byte x : b) {
                out.add((long) (x & 0xff));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(json(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> mm) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : mm.entrySet()) {
                out.put(String.valueOf(e.getKey()), json(e.getValue()));
            }
            return out;
        }
        return v;
    }
}
