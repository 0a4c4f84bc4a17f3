package io.github.adagrad4j.data.text;

import java.nio.charset.StandardCharsets;

/**
 * MurmurHash3 x86 32-bit (Austin Appleby, public domain), the hash scikit-learn's
 * {@code HashingVectorizer} and Vowpal Wabbit use for feature hashing.
 *
 * <pre>{@code
 * int h = MurmurHash3.hash32("hello", 0);
 * }</pre>
 */
public final class MurmurHash3 {
    /** Four bytes as one little-endian load, as the algorithm reads its blocks: a single instruction on x86 and ARM. */
    private static final java.lang.invoke.VarHandle INTS = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private MurmurHash3() {
    }

    /** The hash of the UTF-8 bytes of {@code s}. */
    public static int hash32(String s, int seed) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return hash32(b, 0, b.length, seed);
    }

    public static int hash32(byte[] data, int offset, int length, int seed) {
        final int c1 = 0xcc9e2d51;
        final int c2 = 0x1b873593;
        int h = seed;
        int end = offset + (length & ~3);
        for (int i = offset; i < end; i += 4) {
            int k = (int) INTS.get(data, i);
            k *= c1;
            k = Integer.rotateLeft(k, 15);
            k *= c2;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        switch (length & 3) {
            case 3:
                k = (data[end + 2] & 0xff) << 16;
                // fall through
            case 2:
                k |= (data[end + 1] & 0xff) << 8;
                // fall through
            case 1:
                k |= data[end] & 0xff;
                k *= c1;
                k = Integer.rotateLeft(k, 15);
                k *= c2;
                h ^= k;
                break;
            default:
                break;
        }
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
