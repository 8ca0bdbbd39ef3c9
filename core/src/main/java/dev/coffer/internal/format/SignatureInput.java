package dev.coffer.internal.format;

import dev.coffer.internal.crypto.Primitives;
import java.security.Signature;
import java.security.SignatureException;

/**
 * Streams an item's signature input (docs/FORMAT.md, "Signature") into the MAC: small pieces are
 * gathered in a buffer and handed over together, pieces of {@value #DIRECT_BYTES} bytes or more
 * (large ciphertexts and values) go to the MAC directly, so a 64 KB value is hashed where it lies
 * instead of being copied into the buffer first. The bytes the MAC sees, and so the signature, are
 * the same either way. For suite 0x02 the same bytes also go to an ECDSA {@link Signature} (signing
 * or verifying), so the input is built once for both. Per thread (held by the codec's scratch); not
 * thread-safe; not API.
 */
final class SignatureInput {
    static final int DIRECT_BYTES = 2048;

    private final ByteBuf pending = new ByteBuf(4096);
    private Primitives p;
    /** The ECDSA signature being computed or verified alongside the MAC, or null (suite 0x01). */
    private Signature ecdsa;

    /**
     * Starts the MAC under {@code key} and feeds the fixed prefix: label, table, header. {@code ecdsa},
     * if not null, is an initialized {@link Signature} that receives the same bytes as the MAC.
     */
    void start(Primitives primitives, byte[] key, boolean longLivedKey, byte[] logicalTableUtf8, byte[] header,
            Signature ecdsa) {
        this.p = primitives;
        this.ecdsa = ecdsa;
        pending.reset();
        p.macStart(key, longLivedKey);
        lpv(Format.LABEL_SIGNATURE, 0, Format.LABEL_SIGNATURE.length);
        lpv(logicalTableUtf8, 0, logicalTableUtf8.length);
        lpv(header, 0, header.length);
    }

    /** Varint length, then the bytes. */
    void lpv(byte[] b, int off, int len) {
        pending.varint(len);
        raw(b, off, len);
    }

    /** The bytes, without a length. */
    void raw(byte[] b, int off, int len) {
        if (len >= DIRECT_BYTES) {
            flush();
            p.macUpdate(b, off, len);
            ecdsaUpdate(b, off, len);
        } else {
            pending.bytes(b, off, len);
        }
    }

    /** Feeds what is left and returns the 32-byte signature. */
    byte[] finish() {
        flush();
        byte[] tag = p.macFinish();
        p = null;
        return tag;
    }

    /**
     * After {@link #finish}: the ECDSA signature over the same input (signing), or null without one.
     * Leaves the signature object ready for reuse.
     */
    Signature ecdsa() {
        Signature s = ecdsa;
        ecdsa = null;
        return s;
    }

    private void flush() {
        if (pending.size() > 0) {
            p.macUpdate(pending.array(), 0, pending.size());
            ecdsaUpdate(pending.array(), 0, pending.size());
            pending.reset();
        }
    }

    private void ecdsaUpdate(byte[] b, int off, int len) {
        if (ecdsa != null) {
            try {
                ecdsa.update(b, off, len);
            } catch (SignatureException e) {
                throw new IllegalStateException("ECDSA signature not initialized", e);
            }
        }
    }

    /** Drops a buffer that a very large item grew. */
    void trim(int keep) {
        if (pending.array().length > keep) {
            pending.trim(4096);
        }
    }
}
