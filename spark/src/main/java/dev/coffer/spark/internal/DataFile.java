package dev.coffer.spark.internal;

import java.io.Serializable;

/**
 * One data file of an export as its manifest lists it: where it is, how many items it holds and its
 * MD5 (base64, of the compressed bytes; {@code null} if the manifest gives none).
 *
 * <p>Thread-safety: immutable.
 */
public final class DataFile implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final long itemCount;
    private final String md5Base64;

    public DataFile(String path, long itemCount, String md5Base64) {
        this.path = path;
        this.itemCount = itemCount;
        this.md5Base64 = md5Base64;
    }

    public String path() {
        return path;
    }

    public long itemCount() {
        return itemCount;
    }

    public String md5Base64() {
        return md5Base64;
    }

    @Override
    public String toString() {
        return path + " (" + itemCount + " items)";
    }
}
