package dev.coffer.internal.format;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Matches a header's legend fingerprints to a stored item's attribute names (docs/FORMAT.md,
 * "Reading an item", step 3). The writer makes every fingerprint of an item distinct, so normally
 * each legend entry matches exactly one attribute. An attribute added later whose name shares a
 * fingerprint with a signed one makes an entry ambiguous; the reader then verifies each reading,
 * up to a bound, and fails closed beyond it. Sorting the attributes by fingerprint keeps the
 * matching at O(n log n) whatever the item holds. Not thread-safe (one per read); not API.
 */
final class Legend {
    /** The first legend entry no attribute matches, or -1. */
    int missing = -1;
    /** Whether the readings exceed the bound given to {@link #resolve}. */
    boolean tooAmbiguous;
    /** For each legend entry, its attribute, or -1 if ambiguous. */
    private int[] unique;
    /** For each legend entry, its candidate attributes if ambiguous, else null. */
    private int[][] candidates;

    private Legend() {
    }

    static Legend resolve(int[] legendFps, int[] attrFps, int n, int maxReadings) {
        Legend l = new Legend();
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = ((attrFps[i] & 0xFFFFFFFFL) << 20) | i;
        }
        Arrays.sort(sorted);
        l.unique = new int[legendFps.length];
        long readings = 1;
        for (int e = 0; e < legendFps.length; e++) {
            long fp = legendFps[e] & 0xFFFFFFFFL;
            int from = lowerBound(sorted, fp << 20);
            int to = from;
            while (to < n && (sorted[to] >>> 20) == fp) {
                to++;
            }
            int count = to - from;
            if (count == 0) {
                l.missing = e;
                return l;
            }
            if (count == 1) {
                l.unique[e] = (int) (sorted[from] & 0xFFFFF);
                continue;
            }
            l.unique[e] = -1;
            readings *= count;
            if (readings > maxReadings) {
                l.tooAmbiguous = true;
                return l;
            }
            if (l.candidates == null) {
                l.candidates = new int[legendFps.length][];
            }
            int[] c = new int[count];
            for (int k = 0; k < count; k++) {
                c[k] = (int) (sorted[from + k] & 0xFFFFF);
            }
            l.candidates[e] = c;
        }
        return l;
    }

    private static int lowerBound(long[] a, long key) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Every reading of the legend (attribute index per entry); one unless some entry is ambiguous. */
    List<int[]> readings(int max) {
        if (missing >= 0 || tooAmbiguous) {
            return Collections.emptyList();
        }
        List<int[]> out = new ArrayList<>(1);
        out.add(unique.clone());
        if (candidates == null) {
            return out;
        }
        for (int e = 0; e < unique.length; e++) {
            int[] c = candidates[e];
            if (c == null) {
                continue;
            }
            List<int[]> next = new ArrayList<>(out.size() * c.length);
            for (int[] r : out) {
                for (int a : c) {
                    int[] copy = r.clone();
                    copy[e] = a;
                    next.add(copy);
                }
            }
            out = next;
        }
        return out.size() > max ? Collections.emptyList() : out;
    }
}
