package dev.coffer.internal.format;

/**
 * Legend fingerprints (docs/FORMAT.md, "Legend"): a 32-bit stand-in for a signed attribute's name,
 * keyed per item. A name's 64-bit hash {@code h} is the first eight bytes of SHA-256 of its UTF-8
 * (computed once per name and cached); the item's key {@code a} is the first eight bytes of its
 * random item id with the low bit set; the fingerprint is the high 32 bits of {@code a * h} modulo
 * 2^64. This is multiply-shift hashing (Dietzfelbinger et al., 1997): for two names with different
 * {@code h}, a random odd {@code a} makes them collide with probability at most 2^-31, so
 * collisions are a property of one item, never of a schema. A fingerprint is only a lookup hint:
 * the item signature binds the exact names. Not API.
 */
final class Fingerprints {
    private Fingerprints() {
    }

    /** The fingerprint key of an item: its first eight id bytes, big-endian, low bit set. */
    static long key(byte[] itemId) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (itemId[i] & 0xFF);
        }
        return v | 1L;
    }

    static int of(long key, long nameHash) {
        return (int) ((key * nameHash) >>> 32);
    }
}
