package dev.coffer.legacy.internal;

/**
 * Finds the keys of one legacy item, as one legacy materials provider did. Implementations throw
 * {@link dev.coffer.MaterialsException} when keys cannot be had, {@link dev.coffer.IntegrityException}
 * when what the item says about its keys is refused (for example by KMS), and
 * {@link dev.coffer.InvalidItemException} when the material description is unusable.
 *
 * <p>Thread-safety: implementations are thread-safe.
 */
public interface KeySource {
    Materials materials(ItemContext item);

    /** A short description for messages, e.g. {@code wrapped (AESWrap)}; never key material. */
    String describe();
}
