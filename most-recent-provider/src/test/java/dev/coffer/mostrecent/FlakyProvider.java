package dev.coffer.mostrecent;

import dev.coffer.MaterialsException;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wraps a real provider; can be switched to fail like an unreachable key service, can hold the next
 * unwrap until the test lets it finish (so a test controls when a load completes), and counts calls.
 */
final class FlakyProvider implements MaterialsProvider {
    private final MaterialsProvider inner;
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicLong encryptCalls = new AtomicLong();
    final AtomicLong decryptCalls = new AtomicLong();
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    private final CountDownLatch gated = new CountDownLatch(1);
    private volatile Thread gatedThread;

    FlakyProvider(MaterialsProvider inner) {
        this.inner = inner;
    }

    @Override
    public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
        encryptCalls.incrementAndGet();
        check();
        return inner.encryptionMaterials(context);
    }

    @Override
    public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
        decryptCalls.incrementAndGet();
        CountDownLatch g = gate.getAndSet(null);
        if (g != null) {
            gatedThread = Thread.currentThread();
            gated.countDown();
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        check();
        return inner.decryptionMaterials(context, description);
    }

    /** Holds the next unwrap until the returned latch is counted down. */
    CountDownLatch holdNextUnwrap() {
        CountDownLatch g = new CountDownLatch(1);
        gate.set(g);
        return g;
    }

    /** Waits until an unwrap is being held, and returns the thread holding it. */
    Thread awaitHeldUnwrap() throws InterruptedException {
        if (!gated.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError("no unwrap started within 60 s");
        }
        return gatedThread;
    }

    private void check() {
        if (down.get()) {
            throw new MaterialsException("key service unavailable (test)");
        }
    }
}
