package dev.coffer;

import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.internal.format.Canonical;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.testing.Items;
import dev.coffer.testing.TestKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One encryptor shared by many threads: encryptor, providers, per-thread cipher and buffer caches
 * must not mix up items. Threads wait on a start barrier so they really run at once.
 */
class ItemEncryptorConcurrencyTest {
    private static final int THREADS = 16;

    static Stream<Arguments> providers() {
        return TestKeys.providers().map(p -> new Arguments(p, p.getName().equals("wrapped-rsa") ? 4 : 30));
    }

    /** A provider and how many items each thread handles (RSA private-key operations are slow). */
    static final class Arguments implements org.junit.jupiter.params.provider.Arguments {
        final Named<MaterialsProvider> provider;
        final int perThread;

        Arguments(Named<MaterialsProvider> provider, int perThread) {
            this.provider = provider;
            this.perThread = perThread;
        }

        @Override
        public Object[] get() {
            return new Object[] {provider, perThread};
        }
    }

    /** Distinct per thread and item; sizes vary so per-thread buffers grow and shrink. */
    private static Map<String, AttributeValue> item(int thread, int i) {
        Map<String, AttributeValue> m = new LinkedHashMap<>(Items.everyType());
        m.put("pk", s("thread-" + thread));
        m.put("sk", n(Integer.toString(i)));
        m.put("card", s("card-" + thread + "-" + i));
        m.put("payload", AttributeValue.fromS("x".repeat((thread * 7919 + i * 104729) % 20_000)));
        m.put("scores", AttributeValue.fromNs(List.of(Integer.toString(thread), "-" + i + ".5")));
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void encryptAndDecrypt_16ThreadsSharingOneEncryptor_everyItemRoundTrips(MaterialsProvider p, int perThread)
            throws Exception {
        ItemEncryptor shared = ItemEncryptor.create(TestKeys.config(p));
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> headers = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> done = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        try {
                            Map<String, AttributeValue> plain = item(thread, i);
                            Map<String, AttributeValue> stored = shared.encrypt(plain);
                            headers.add(java.util.HexFormat.of().formatHex(
                                    stored.get(ItemEncryptor.HEADER_ATTRIBUTE).b().asByteArrayUnsafe()));
                            // Decrypt an item this thread wrote earlier too, interleaving with others.
                            Map<String, AttributeValue> back = shared.decrypt(stored);
                            if (!Canonical.normalize(back).equals(Canonical.normalize(plain))) {
                                throw new AssertionError("thread " + thread + " item " + i + " came back different");
                            }
                            ok++;
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }
                    return ok;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get(120, TimeUnit.SECONDS);
            }

            assertThat(errors).isEmpty();
            assertThat(total).isEqualTo(THREADS * perThread);
            Set<String> distinct = new HashSet<>(headers);
            assertThat(distinct).as("every encryption draws its own item id").hasSize(THREADS * perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("providers")
    void decrypt_16ThreadsReadingItemsWrittenByOthers_everyItemVerifies(MaterialsProvider p, int perThread)
            throws Exception {
        ItemEncryptor shared = ItemEncryptor.create(TestKeys.config(p));
        List<Map<String, AttributeValue>> plain = new ArrayList<>();
        List<Map<String, AttributeValue>> stored = new ArrayList<>();
        for (int i = 0; i < THREADS * perThread / 4; i++) {
            plain.add(item(i % THREADS, i));
            stored.add(shared.encrypt(plain.get(i)));
        }
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int k = 0; k < stored.size(); k++) {
                        int i = (k + offset * 7) % stored.size();
                        try {
                            Map<String, AttributeValue> back = shared.decrypt(stored.get(i));
                            if (!back.get("card").equals(plain.get(i).get("card"))) {
                                throw new AssertionError("item " + i + " decrypted to another item's value");
                            }
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }

            assertThat(errors).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
