package org.jxdp.engine.maps;

/**
 * The Linux error numbers map operations and helpers return, negated ({@code -ENOENT}), as the
 * kernel does.
 */
public final class Errno {
    private Errno() {
    }

    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such element. */
    public static final int ENOENT = 2;
    /** Argument list too long: the map is full. */
    public static final int E2BIG = 7;
    /** Bad file descriptor. */
    public static final int EBADF = 9;
    /** Try again: a queue or ring is empty or full. */
    public static final int EAGAIN = 11;
    /** Out of memory: no free element. */
    public static final int ENOMEM = 12;
    /** Permission denied (bad metadata length). */
    public static final int EACCES = 13;
    /** Bad address. */
    public static final int EFAULT = 14;
    /** Resource busy. */
    public static final int EBUSY = 16;
    /** The element exists (BPF_NOEXIST). */
    public static final int EEXIST = 17;
    /** No such device (a CPU or interface that does not exist). */
    public static final int ENODEV = 19;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** No space left. */
    public static final int ENOSPC = 28;
    /** Result out of range. */
    public static final int ERANGE = 34;
    /** Value too large for the defined data type. */
    public static final int EOVERFLOW = 75;
    /** Operation not supported by this map type. */
    public static final int EOPNOTSUPP = 95;
    /** Operation not supported (kernel-internal ENOTSUPP, seen by BPF programs). */
    public static final int ENOTSUPP = 524;

    /** {@code "ENOENT"} for 2 or -2. */
    public static String name(long errno) {
        long e = Math.abs(errno);
        if (e == EPERM) return "EPERM";
        if (e == ENOENT) return "ENOENT";
        if (e == E2BIG) return "E2BIG";
        if (e == EBADF) return "EBADF";
        if (e == EAGAIN) return "EAGAIN";
        if (e == ENOMEM) return "ENOMEM";
        if (e == EACCES) return "EACCES";
        if (e == EFAULT) return "EFAULT";
        if (e == EBUSY) return "EBUSY";
        if (e == EEXIST) return "EEXIST";
        if (e == ENODEV) return "ENODEV";
        if (e == EINVAL) return "EINVAL";
        if (e == ENOSPC) return "ENOSPC";
        if (e == ERANGE) return "ERANGE";
        if (e == EOVERFLOW) return "EOVERFLOW";
        if (e == EOPNOTSUPP) return "EOPNOTSUPP";
        if (e == ENOTSUPP) return "ENOTSUPP";
        return "errno " + e;
    }
}
