package dev.coffer.mostrecent;

import dev.coffer.MaterialsException;
import dev.coffer.materials.DecryptionMaterials;
import dev.coffer.materials.EncryptionContext;
import dev.coffer.materials.EncryptionMaterials;
import dev.coffer.materials.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Wraps a real provider; can be switched to fail like an unreachable key service, and counts calls. */
final class FlakyProvider implements MaterialsProvider {
    private final MaterialsProvider inner;
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicLong encryptCalls = new AtomicLong();
    final AtomicLong decryptCalls = new AtomicLong();

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
        check();
        return inner.decryptionMaterials(context, description);
    }

    private void check() {
        if (down.get()) {
            throw new MaterialsException("key service unavailable (test)");
        }
    }
}
