package org.jxdp.engine.object;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jxdp.engine.btf.Btf;
import org.jxdp.engine.btf.BtfException;
import org.jxdp.engine.btf.BtfValueCodec;
import org.jxdp.engine.maps.BpfMap;

/**
 * A map seen through its BTF key and value types: keys and values as Java values
 * ({@link BtfValueCodec}: numbers, byte arrays, lists, maps of struct members) instead of bytes.
 * Per-CPU values are lists with one value per CPU. Without BTF types, keys and values are byte
 * arrays. Errors in a key or value's shape are IllegalArgumentExceptions naming the map.
 */
public final class TypedMap {
    private final BpfMap map;
    private final BtfValueCodec codec;
    private final int keyType;
    private final int valueType;

    TypedMap(BpfMap map, Btf btf) {
        this.map = map;
        this.codec = btf == null ? null : new BtfValueCodec(btf);
        this.keyType = btf == null ? 0 : map.definition().keyTypeId();
        this.valueType = btf == null ? 0 : map.definition().valueTypeId();
    }

    /** The map underneath. */
    public BpfMap map() {
        return map;
    }

    /** The value at {@code key}, or null. */
    public Object lookup(Object key) {
        byte[] v = map.lookup(encodeKey(key));
        return v == null ? null : decodeValue(v);
    }

    /** Updates {@code key}; 0 or a negative errno. A per-CPU map takes a list of one value per CPU. */
    public int update(Object key, Object value, long flags) {
        return map.update(encodeKey(key), encodeValue(value, false), flags);
    }

    /** Updates {@code key} with the same value on every CPU (a per-CPU map; others as {@link #update}). */
    public int updateAllCpus(Object key, Object value, long flags) {
        return map.update(encodeKey(key), encodeValue(value, true), flags);
    }

    /** Deletes {@code key}; 0 or a negative errno. */
    public int delete(Object key) {
        return map.delete(encodeKey(key));
    }

    /** Every element, in the map's order. */
    public List<Map.Entry<Object, Object>> entries() {
        List<Map.Entry<Object, Object>> out = new ArrayList<>();
        byte[] k = map.nextKey(null);
        while (k != null) {
            byte[] v = map.lookup(k);
            if (v != null) {
                out.add(new AbstractMap.SimpleImmutableEntry<>(decode(keyType, k), decodeValue(v)));
            }
            k = map.nextKey(k);
        }
        return out;
    }

    private byte[] encodeKey(Object key) {
        return encode(keyType, key);
    }

    private byte[] encodeValue(Object value, boolean everyCpu) {
        if (!map.type().perCpu()) {
            return encode(valueType, value);
        }
        List<?> perCpu = everyCpu ? null : value instanceof List<?> l ? l : null;
        if (!everyCpu && (perCpu == null || perCpu.size() != map.cpus())) {
            throw new IllegalArgumentException(map.name() + ": a per-CPU map takes a list of " + map.cpus()
                    + " values, one per CPU (or use updateAllCpus)");
        }
        int stride = (map.valueSize() + 7) & ~7;
        byte[] out = new byte[stride * map.cpus()];
        for (int c = 0; c < map.cpus(); c++) {
            byte[] b = encode(valueType, everyCpu ? value : perCpu.get(c));
            System.arraycopy(b, 0, out, c * stride, Math.min(b.length, map.valueSize()));
        }
        return out;
    }

    private Object decodeValue(byte[] v) {
        if (!map.type().perCpu()) {
            return decode(valueType, v);
        }
        int stride = (map.valueSize() + 7) & ~7;
        List<Object> out = new ArrayList<>();
        for (int c = 0; c < map.cpus(); c++) {
            byte[] one = new byte[map.valueSize()];
            System.arraycopy(v, c * stride, one, 0, one.length);
            out.add(decode(valueType, one));
        }
        return out;
    }

    private byte[] encode(int type, Object value) {
        if (type == 0 || codec == null) {
            if (value instanceof byte[] b) {
                return b;
            }
            throw new IllegalArgumentException(map.name() + ": without BTF types, keys and values are byte arrays");
        }
        try {
            return codec.encode(type, value);
        } catch (BtfException e) {
            throw new IllegalArgumentException(map.name() + ": " + e.getMessage(), e);
        }
    }

    private Object decode(int type, byte[] bytes) {
        if (type == 0 || codec == null) {
            return bytes;
        }
        try {
            return codec.decode(type, bytes);
        } catch (BtfException e) {
            throw new IllegalArgumentException(map.name() + ": " + e.getMessage(), e);
        }
    }
}
