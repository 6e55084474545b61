package io.lodestone.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * The ids the de-duplication store may hold, as Bloom filters in front of it: a new id (nearly
 * every shipment) is answered here without a store lookup. Never a false "no"; a "maybe" is about
 * 1% wrong per filter and is settled by the store. Filters of {@link #IDS_PER_FILTER} ids are added
 * as ids come, so a replay that fills the store between two purges only adds filters; the
 * de-duplicator starts afresh from the store's ids on every purge and on restore.
 */
final class SeenIds {

    static final int IDS_PER_FILTER = 1 << 16;
    private static final int BITS =
            IDS_PER_FILTER * 10; // 10 bits and 7 probes an id: about 1% false "maybe"
    private static final int PROBES = 7;

    private final List<long[]> filters = new ArrayList<>();
    private int idsInLast = IDS_PER_FILTER;

    void add(String id) {
        if (idsInLast == IDS_PER_FILTER) {
            filters.add(new long[BITS / Long.SIZE]);
            idsInLast = 0;
        }
        long[] bits = filters.get(filters.size() - 1);
        long hash = hash(id);
        for (int i = 0; i < PROBES; i++) {
            int bit = bit(hash, i);
            bits[bit >>> 6] |= 1L << bit;
        }
        idsInLast++;
    }

    boolean mightContain(String id) {
        long hash = hash(id);
        for (long[] bits : filters) {
            if (contains(bits, hash)) {
                return true;
            }
        }
        return false;
    }

    int filters() {
        return filters.size();
    }

    private static boolean contains(long[] bits, long hash) {
        for (int i = 0; i < PROBES; i++) {
            int bit = bit(hash, i);
            if ((bits[bit >>> 6] & (1L << bit)) == 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The i-th probe from two 32-bit halves of the hash (Kirsch and Mitzenmacher's double hashing).
     */
    private static int bit(long hash, int i) {
        int combined = (int) hash + i * (int) (hash >>> 32);
        return Math.floorMod(combined, BITS);
    }

    /** 64-bit FNV-1a over the id's chars, then a final mix so both halves depend on every char. */
    private static long hash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
