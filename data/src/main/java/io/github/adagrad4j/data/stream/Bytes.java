package io.github.adagrad4j.data.stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Byte searches eight bytes at a time, for the line and cell splitting every stream parser does. */
final class Bytes {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private Bytes() {
    }

    /**
     * The position of the first byte {@code c} in {@code b[from, to)}, or {@code to}: eight bytes per
     * step, all tested at once (the "has zero byte" trick on {@code v ^ c * 0x0101...}; a borrow can
     * only mark bytes above a true match, so the lowest mark is the first match).
     */
    static int find(byte[] b, int from, int to, byte c) {
        long pattern = (c & 0xffL) * ONES;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ pattern;
            long t = (x - ONES) & ~x & HIGHS;
            if (t != 0) {
                return i + (Long.numberOfTrailingZeros(t) >>> 3);
            }
        }
        while (i < to && b[i] != c) {
            i++;
        }
        return i;
    }
}
