package dev.coffer.mostrecent;

import dev.coffer.CofferException;
import dev.coffer.ConfigurationException;
import dev.coffer.MaterialsException;
import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.materials.SecretBytes;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A table's beacon key kept in the {@link MetaStore}: 32 random bytes stored as one version of the
 * material {@code beacon:<name>}, encrypted and signed under the meta-store's provider (direct KMS in
 * production), so the key never exists in the clear outside the processes that use it.
 *
 * <p>The first {@link #beaconKey()} reads the pinned {@link Builder#version} (creating version 1 if
 * the material has none yet, by a conditional put that concurrent hosts converge on) and unwraps
 * it: one meta-store read and one KMS call. The key is then kept for the life of this object, so a
 * process makes that KMS call once. Concurrent first calls share one load (single flight, no lock
 * held across the network calls). If the load fails (KMS or the meta-store unreachable, the version
 * tampered with) the failure is thrown to every caller waiting on it and nothing is cached: the next
 * call tries again.
 *
 * <p>The version is pinned, never "the newest": every writer and reader of a table must use the
 * same beacon key, or searches silently miss items. Rotating is an explicit migration
 * (docs/searchable-encryption.md, "Rotating the beacon key"): {@link #rotate} creates the next
 * version, every item is re-beaconed under it, then every process is configured with the new version.
 *
 * <pre>{@code
 * BeaconKeySource beaconKey = MetaStoreBeaconKey.builder()
 *         .metaStore(metaStore)          // a MetaStore whose provider is a KmsProvider
 *         .name("users")                 // one per table
 *         .build();                      // version 1
 * CofferExtension coffer = CofferExtension.builder().materialsProvider(provider)
 *         .beaconKeySource(beaconKey).build();
 * }</pre>
 *
 * <p>Thread-safety: immutable after {@link Builder#build()} apart from the cached key, which is
 * published safely; safe to share.
 */
public final class MetaStoreBeaconKey implements BeaconKeySource {
    /** Prefix of the meta-store material names of beacon keys, apart from the providers' materials. */
    public static final String MATERIAL_PREFIX = "beacon:";

    private final MetaStore store;
    private final String name;
    private final String material;
    private final long version;
    private final AtomicReference<CompletableFuture<SecretBytes>> key = new AtomicReference<>();
    private final LongAdder loads = new LongAdder();

    private MetaStoreBeaconKey(Builder b) {
        this.store = b.store;
        this.name = b.name;
        this.material = MATERIAL_PREFIX + b.name;
        this.version = b.version;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the next version of the beacon key {@code name} and returns its number: the first
     * step of a rotation. Nothing uses it until processes are configured with that version.
     */
    public static long rotate(MetaStore store, String name) {
        return store.rotate(MATERIAL_PREFIX + checkName(name));
    }

    @Override
    public SecretBytes beaconKey() {
        while (true) {
            CompletableFuture<SecretBytes> f = key.get();
            if (f == null) {
                CompletableFuture<SecretBytes> mine = new CompletableFuture<>();
                if (!key.compareAndSet(null, mine)) {
                    continue; // another thread is loading: wait for its result
                }
                try {
                    mine.complete(load());
                } catch (RuntimeException e) {
                    key.set(null); // not cached: the next call tries again
                    mine.completeExceptionally(e);
                    throw e;
                }
                f = mine;
            }
            SecretBytes k;
            try {
                k = f.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof CofferException c) {
                    throw c;
                }
                throw new MaterialsException("beacon key '" + name + "': loading failed: "
                        + e.getCause().getClass().getSimpleName(), e.getCause());
            }
            byte[] b = k.toByteArray();
            try {
                return SecretBytes.copyOf(b);
            } finally {
                java.util.Arrays.fill(b, (byte) 0);
            }
        }
    }

    private SecretBytes load() {
        loads.increment();
        Optional<Version> v = store.find(material, version);
        if (v.isEmpty()) {
            if (version != 1) {
                throw new MaterialsException("meta-store '" + store.tableName() + "': beacon key '" + name + "' has no "
                        + "version " + version + "; create it with MetaStoreBeaconKey.rotate (a rotation: see "
                        + "docs/searchable-encryption.md, \"Rotating the beacon key\")");
            }
            v = Optional.of(store.create(material, 1));
        }
        byte[] b = v.get().encryption.dataKey().toByteArray();
        try {
            return SecretBytes.copyOf(b);
        } finally {
            java.util.Arrays.fill(b, (byte) 0);
        }
    }

    /** How many times the key was loaded from the meta-store (each load unwraps it once: one KMS call). */
    public long loads() {
        return loads.sum();
    }

    public String name() {
        return name;
    }

    public long version() {
        return version;
    }

    @Override
    public String toString() {
        return "MetaStoreBeaconKey{" + store.tableName() + ", " + material + " v" + version + "}";
    }

    private static String checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new ConfigurationException("beacon key: set name(...), one per table (e.g. the table's name)");
        }
        return name;
    }

    /** Builds a {@link MetaStoreBeaconKey}. Not thread-safe. */
    public static final class Builder {
        private MetaStore store;
        private String name;
        private long version = 1;

        private Builder() {
        }

        /** The meta-store holding the key. Required. */
        public Builder metaStore(MetaStore store) {
            this.store = store;
            return this;
        }

        /** The beacon key's name, one per table; stored as material {@code beacon:<name>}. Required. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The version to use, 1 by default; changed only by a rotation. */
        public Builder version(long version) {
            this.version = version;
            return this;
        }

        public MetaStoreBeaconKey build() {
            if (store == null) {
                throw new ConfigurationException("beacon key: set metaStore(...)");
            }
            checkName(name);
            if (version < 1) {
                throw new ConfigurationException("beacon key '" + name + "': version must be 1 or more, was " + version);
            }
            return new MetaStoreBeaconKey(this);
        }
    }
}
