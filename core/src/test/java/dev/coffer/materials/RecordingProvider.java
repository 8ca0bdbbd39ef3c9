package dev.coffer.materials;

import dev.coffer.MaterialsException;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider for cache tests: a fresh random data key per encrypt call, "wrapped" in the clear in
 * the description (tests only), every context it receives recorded, and optional blocking or
 * failure to stage races.
 */
final class RecordingProvider implements MaterialsProvider {
    final AtomicInteger encryptCalls = new AtomicInteger();
    final AtomicInteger decryptCalls = new AtomicInteger();
    final List<EncryptionContext> contexts = new CopyOnWriteArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch gate;
    volatile RuntimeException failure;

    @Override
    public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
        int n = encryptCalls.incrementAndGet();
        contexts.add(context);
        pass();
        SecretBytes key = SecretBytes.random(32);
        MaterialsDescription d = MaterialsDescription.builder().providerId("recording").keyId("k-" + n)
                .wrappedKey(key.toByteArray()).build();
        return EncryptionMaterials.builder().description(d).dataKey(key).build();
    }

    @Override
    public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
        decryptCalls.incrementAndGet();
        contexts.add(context);
        pass();
        return DecryptionMaterials.builder().dataKey(SecretBytes.copyOf(description.wrappedKey())).build();
    }

    private void pass() {
        entered.countDown();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                if (!g.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }

    static MaterialsException kmsDown() {
        return new MaterialsException("recording provider: remote key service unavailable");
    }
}
