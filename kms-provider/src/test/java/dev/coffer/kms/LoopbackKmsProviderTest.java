package dev.coffer.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ItemEncryptor;
import dev.coffer.MaterialsException;
import dev.coffer.kms.KmsMaterialsException.Reason;
import dev.coffer.kms.testkit.Fault;
import dev.coffer.kms.testkit.KeyOptions;
import dev.coffer.kms.testkit.KmsCall;
import dev.coffer.kms.testkit.KmsKey;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.kms.testkit.Operation;
import dev.coffer.materials.CachingProvider;
import dev.coffer.materials.spi.EncryptionContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The shared suite on the loopback KMS, plus what only the loopback can stage: faults, call
 * counts, other accounts and regions, grants, and the encryption context KMS (CloudTrail) sees.
 */
class LoopbackKmsProviderTest extends KmsProviderSuite {
    private static LoopbackBackend backend;
    private static LocalKms kms;
    private static KmsClient client;

    @BeforeAll
    static void start() {
        backend = LoopbackBackend.start("us-east-1");
        kms = backend.kms;
        client = backend.client(3, Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        client.close();
        backend.close();
    }

    @BeforeEach
    @AfterEach
    void reset() {
        kms.clearFaults();
        kms.resetCounters();
    }

    @Override
    protected KmsBackend backend() {
        return backend;
    }

    @Override
    protected KmsClient client() {
        return client;
    }

    private KmsCall lastCall() {
        List<KmsCall> calls = kms.requests();
        return calls.get(calls.size() - 1);
    }

    // ---------------------------------------------------------------------------------------------
    // What KMS and CloudTrail see
    // ---------------------------------------------------------------------------------------------

    @Test
    void encrypt_sendsItemScopedEncryptionContextAndRecordsScopeInDescription() {
        String key = backend.createKey();
        ItemEncryptor enc = ItemEncryptor.create(orders(provider(key)));
        Map<String, AttributeValue> item = order("customer#42", 7);
        item.put("order_id", AttributeValue.fromN("7.50E1"));

        enc.encrypt(item);

        KmsCall call = lastCall();
        assertThat(call.operation()).isEqualTo(Operation.GENERATE_DATA_KEY);
        assertThat(call.requestedKeyId()).contains(key);
        assertThat(call.encryptionContext()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "coffer:version", "2",
                "coffer:table", "orders",
                "coffer:pk", "customer_id",
                "coffer:pk-value", "customer#42",
                "coffer:sk", "order_id",
                "coffer:sk-value", "75"));
    }

    @Test
    void decrypt_sendsTheSameContextAndThePinnedKeyId() {
        String key = backend.createKey();
        ItemEncryptor enc = ItemEncryptor.create(orders(provider(key)));
        Map<String, AttributeValue> stored = enc.encrypt(order("customer#42", 7));
        Map<String, String> written = lastCall().encryptionContext();

        enc.decrypt(stored);

        KmsCall call = lastCall();
        assertThat(call.operation()).isEqualTo(Operation.DECRYPT);
        assertThat(call.requestedKeyId()).contains(key);
        assertThat(call.encryptionContext()).isEqualTo(written);
        assertThat(call.errorCode()).isEmpty();
    }

    @Test
    void binaryKey_isBase64InTheEncryptionContext() {
        KmsProvider p = provider(backend.createKey());
        EncryptionContext ctx = EncryptionContext.builder().tableName("blobs")
                .partitionKey("id", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {(byte) 0xFB, (byte) 0xFF})))
                .build();

        p.encryptionMaterials(ctx);

        assertThat(lastCall().encryptionContext()).containsEntry("coffer:pk-value", "+/8=")
                .doesNotContainKeys("coffer:sk", "coffer:sk-value");
    }

    @Test
    void cachingProvider_sendsTableScopedContextWithoutKeyValues() {
        CachingProvider cached = CachingProvider.builder().provider(provider(backend.createKey())).build();
        ItemEncryptor enc = ItemEncryptor.create(orders(cached));

        Map<String, AttributeValue> stored = enc.encrypt(order("customer#42", 7));
        enc.decrypt(stored);

        assertThat(kms.requests()).hasSize(2).allSatisfy(c -> assertThat(c.encryptionContext())
                .containsOnlyKeys("coffer:version", "coffer:table", "coffer:pk", "coffer:sk"));
    }

    @Test
    void decrypt_keyOutsideTheConfiguredSet_makesNoKmsCall() {
        Map<String, AttributeValue> stored = writtenUnder(backend.createKey());
        ItemEncryptor reader = ItemEncryptor.create(orders(provider(backend.createKey())));

        kmsFailure(() -> reader.decrypt(stored), Reason.KEY_NOT_ALLOWED);

        assertThat(kms.calls(Operation.DECRYPT)).isZero();
    }

    // ---------------------------------------------------------------------------------------------
    // Discovery and multi-Region keys
    // ---------------------------------------------------------------------------------------------

    @Test
    void discovery_keyOfAllowedAccount_decrypts() {
        KmsKey foreign = backend.track(kms.createKey(KeyOptions.builder().accountId("444455556666").build()));
        Map<String, AttributeValue> stored = writtenUnder(foreign.arn());
        KmsProvider discovery = KmsProvider.builder().kmsClient(client).discovery(PartitionMetadata.of("aws"), "444455556666").build();

        assertThat(ItemEncryptor.create(orders(discovery)).decrypt(stored)).isEqualTo(order("c", 1));
        assertThat(lastCall().requestedKeyId()).contains(foreign.arn());
    }

    @Test
    void discovery_keyOfAnotherAccountOrPartition_isRefusedWithoutKmsCall() {
        Map<String, AttributeValue> stored = writtenUnder(backend.createKey());
        KmsProvider otherAccount = KmsProvider.builder().kmsClient(client).discovery(PartitionMetadata.of("aws"), "444455556666").build();
        KmsProvider otherPartition = KmsProvider.builder().kmsClient(client).discovery(PartitionMetadata.of("aws-cn"), kms.accountId()).build();

        KmsMaterialsException e = kmsFailure(() -> ItemEncryptor.create(orders(otherAccount)).decrypt(stored),
                Reason.KEY_NOT_ALLOWED);
        kmsFailure(() -> ItemEncryptor.create(orders(otherPartition)).decrypt(stored), Reason.KEY_NOT_ALLOWED);

        assertThat(e).hasMessageContaining("discovery trusts keys of accounts [444455556666]")
                .hasMessageContaining("allow its account with discovery(");
        assertThat(kms.calls(Operation.DECRYPT)).isZero();
    }

    @Test
    void discovery_withEncryptionKey_writesAndReadsItsOwnItems() {
        KmsProvider p = KmsProvider.builder().kmsClient(client).encryptionKey(backend.createKey())
                .discovery(PartitionMetadata.of("aws"), kms.accountId()).build();
        ItemEncryptor enc = ItemEncryptor.create(orders(p));

        assertThat(enc.decrypt(enc.encrypt(order("c", 1)))).isEqualTo(order("c", 1));
        assertThat(p.isDiscovery()).isTrue();
    }

    /**
     * Writes an item under a new multi-Region key in us-east-1, then reads it in us-west-2 (a second
     * server holding the replica) with the provider {@code reader} builds from the replica and the
     * west client; checks the read went to the replica, in the west.
     */
    private void readPrimarysItemInTheWest(BiFunction<KmsKey, KmsClient, KmsProvider> reader) {
        KmsKey primary = backend.track(kms.createKey(KeyOptions.builder().multiRegion(true).build()));
        Map<String, AttributeValue> stored = writtenUnder(primary.arn());
        try (LocalKms west = LocalKms.builder().region("us-west-2").build().start();
                KmsClient westClient = TestClients.kms(west.endpoint(), "us-west-2", "test", "test", 1, null)) {
            KmsKey replica = west.replicateKey(primary);

            assertThat(ItemEncryptor.create(orders(reader.apply(replica, westClient))).decrypt(stored))
                    .isEqualTo(order("c", 1));
            assertThat(west.requests()).singleElement().satisfies(c -> assertThat(c.requestedKeyId()).contains(replica.arn()));
            assertThat(kms.calls(Operation.DECRYPT)).isZero();
        }
    }

    @Test
    void multiRegionKey_replicaInTheReadersRegion_decryptsWhatThePrimaryEncrypted() {
        readPrimarysItemInTheWest((replica, west) -> KmsProvider.builder().kmsClient(west).encryptionKey(replica.arn())
                .build());
    }

    @Test
    void multiRegionKey_discoveryWithOneClient_usesTheReplicaInTheClientsRegion() {
        readPrimarysItemInTheWest((replica, west) -> KmsProvider.builder().kmsClient(west)
                .discovery(PartitionMetadata.of("aws"), kms.accountId()).build());
    }

    @Test
    void singleRegionKeyOfAnotherRegion_discoveryWithOneClient_isRefusedNamingTheRegion() {
        Map<String, AttributeValue> stored = writtenUnder(backend.createKey());
        try (KmsClient westClient = TestClients.kms(kms.endpoint(), "us-west-2", "test", "test", 1, null)) {
            KmsProvider reader = KmsProvider.builder().kmsClient(westClient).discovery(PartitionMetadata.of("aws"), kms.accountId()).build();

            KmsMaterialsException e = kmsFailure(() -> ItemEncryptor.create(orders(reader)).decrypt(stored),
                    Reason.KEY_NOT_ALLOWED);
            assertThat(e).hasMessageContaining("reachable from region us-west-2").hasMessageContaining("kmsClientSupplier");
        }
    }

    @Test
    void multiRegionKey_replicaOfAnotherKeyId_doesNotMatch() {
        KmsKey primary = backend.track(kms.createKey(KeyOptions.builder().multiRegion(true).build()));
        KmsKey otherMrk = backend.track(kms.createKey(KeyOptions.builder().multiRegion(true).build()));
        Map<String, AttributeValue> stored = writtenUnder(primary.arn());

        kmsFailure(() -> ItemEncryptor.create(orders(provider(otherMrk.arn()))).decrypt(stored), Reason.KEY_NOT_ALLOWED);
    }

    @Test
    void clientSupplier_readsItemsFromKeysInTwoRegions() {
        try (LocalKms west = LocalKms.builder().region("us-west-2").build().start();
                KmsClient westClient = TestClients.kms(west.endpoint(), "us-west-2", "test", "test", 1, null)) {
            KmsKey westKey = west.createKey();
            String eastKey = backend.createKey();
            Map<String, AttributeValue> fromEast = writtenUnder(eastKey);
            Map<Region, KmsClient> clients = Map.of(Region.US_EAST_1, client, Region.US_WEST_2, westClient);
            KmsProvider both = KmsProvider.builder().kmsClientSupplier(clients::get).encryptionKey(westKey.arn())
                    .decryptionKeys(eastKey).build();
            ItemEncryptor enc = ItemEncryptor.create(orders(both));

            Map<String, AttributeValue> fromWest = enc.encrypt(order("c", 2));

            assertThat(enc.decrypt(fromEast)).isEqualTo(order("c", 1));
            assertThat(enc.decrypt(fromWest)).isEqualTo(order("c", 2));
            assertThat(west.calls(Operation.GENERATE_DATA_KEY)).isEqualTo(1);
            assertThat(west.calls(Operation.DECRYPT)).isEqualTo(1);
            assertThat(kms.calls(Operation.DECRYPT)).isEqualTo(1);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Grants and failures a user sees
    // ---------------------------------------------------------------------------------------------

    /** docs/kms.md quotes this message: a KmsClient with the SDK's default retries makes 4 attempts. */
    @Test
    void defaultClient_serverErrors_failAfterTheSdksFourAttempts() {
        String key = backend.createKey();
        Map<String, AttributeValue> stored = writtenUnder(key);
        kms.inject(Fault.internalError().operation(Operation.DECRYPT).build());
        try (KmsClient defaults = KmsClient.builder().endpointOverride(kms.endpoint()).region(Region.of(kms.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
            KmsProvider p = KmsProvider.builder().kmsClient(defaults).encryptionKey(key).build();

            KmsMaterialsException e = kmsFailure(() -> ItemEncryptor.create(orders(p)).decrypt(stored), Reason.UNAVAILABLE);

            assertThat(e).hasMessageContaining("failed with a KMS server error (HTTP 500) after 4 attempts; retry later.");
            assertThat(kms.calls(Operation.DECRYPT)).isEqualTo(4);
        }
    }

    @Test
    void clientWithoutCredentials_failsSayingSo_andSendsNothing() {
        String key = backend.createKey();
        Map<String, AttributeValue> stored = writtenUnder(key);
        kms.resetCounters();
        String saved = System.getProperty("aws.accessKeyId");
        System.clearProperty("aws.accessKeyId");
        try (KmsClient noCredentials = KmsClient.builder().endpointOverride(kms.endpoint()).region(Region.of(kms.region()))
                .credentialsProvider(SystemPropertyCredentialsProvider.create()).build()) {
            KmsProvider p = KmsProvider.builder().kmsClient(noCredentials).encryptionKey(key).build();

            KmsMaterialsException e = kmsFailure(() -> ItemEncryptor.create(orders(p)).decrypt(stored), Reason.CREDENTIALS);

            assertThat(e).hasMessageContaining("could not get AWS credentials").hasMessageContaining("aws.accessKeyId")
                    .hasMessageNotContaining("could not reach KMS");
            assertThat(e.isRetryable()).isFalse();
            assertThat(kms.totalCalls()).isZero();
        } finally {
            if (saved != null) {
                System.setProperty("aws.accessKeyId", saved);
            }
        }
    }

    @Test
    void grantTokens_areSentWithEveryCall() {
        KmsKey key = backend.track(kms.createKey());
        String token = kms.requireGrantToken(key);
        ItemEncryptor without = ItemEncryptor.create(orders(provider(key.arn())));
        ItemEncryptor with = ItemEncryptor.create(orders(KmsProvider.builder().kmsClient(client).encryptionKey(key.arn())
                .grantTokens(token).build()));

        kmsFailure(() -> without.encrypt(order("c", 1)), Reason.ACCESS_DENIED);
        Map<String, AttributeValue> stored = with.encrypt(order("c", 1));

        assertThat(with.decrypt(stored)).isEqualTo(order("c", 1));
        assertThat(lastCall().grantTokens()).containsExactly(token);
    }

    @Test
    void accessDenied_onDecrypt_namesTableKeyOperationAndPermission() {
        KmsKey key = backend.track(kms.createKey());
        ItemEncryptor enc = ItemEncryptor.create(orders(provider(key.arn())));
        Map<String, AttributeValue> stored = enc.encrypt(order("c", 1));
        kms.inject(Fault.accessDenied().operation(Operation.DECRYPT).key(key).build());

        KmsMaterialsException e = kmsFailure(() -> enc.decrypt(stored), Reason.ACCESS_DENIED);

        assertThat(e).hasMessageContaining("table 'orders'")
                .hasMessageContaining("kms:Decrypt on key " + key.arn() + " was denied")
                .hasMessageContaining("needs permission kms:Decrypt")
                .hasMessageContaining("KMS said: \"User: arn:aws:iam::111122223333:user/coffer-test is not authorized");
        assertThat(e.keyId()).isEqualTo(key.arn());
        assertThat(e.isRetryable()).isFalse();
        assertThat(e).isInstanceOf(MaterialsException.class);
    }

    @Test
    void accessDenied_onGenerateDataKey_namesThatPermission() {
        KmsKey key = backend.track(kms.createKey());
        kms.inject(Fault.accessDenied().operation(Operation.GENERATE_DATA_KEY).build());

        KmsMaterialsException e = kmsFailure(() -> writtenUnder(key.arn()),
                Reason.ACCESS_DENIED);

        assertThat(e).hasMessageContaining("needs permission kms:GenerateDataKey");
        assertThat(e.operation()).contains("GenerateDataKey");
    }

    @Test
    void throttling_afterTheSdksRetries_throwsThrottledWithAttemptCount() {
        String key = backend.createKey();
        kms.inject(Fault.throttling().operation(Operation.GENERATE_DATA_KEY).build());

        KmsMaterialsException e = kmsFailure(() -> writtenUnder(key),
                Reason.THROTTLED);

        assertThat(e).hasMessageContaining("throttled by KMS after 3 attempts").hasMessageContaining("CachingProvider");
        assertThat(e.isRetryable()).isTrue();
        assertThat(kms.calls(Operation.GENERATE_DATA_KEY)).isEqualTo(3);
    }

    @Test
    void throttling_thatClearsWithinTheSdksRetries_isInvisible() {
        String key = backend.createKey();
        kms.inject(Fault.throttling().times(2).build());

        Map<String, AttributeValue> stored = writtenUnder(key);

        assertThat(stored).containsKey(ItemEncryptor.HEADER_ATTRIBUTE);
        assertThat(kms.calls(Operation.GENERATE_DATA_KEY)).isEqualTo(3);
    }

    @Test
    void serverError_afterRetries_throwsUnavailable() {
        String key = backend.createKey();
        ItemEncryptor enc = ItemEncryptor.create(orders(provider(key)));
        Map<String, AttributeValue> stored = enc.encrypt(order("c", 1));
        kms.inject(Fault.internalError().operation(Operation.DECRYPT).build());

        KmsMaterialsException e = kmsFailure(() -> enc.decrypt(stored), Reason.UNAVAILABLE);

        assertThat(e).hasMessageContaining("KMS server error (HTTP 500) after 3 attempts");
    }

    @Test
    void timeout_slowKms_throwsTimeout() {
        String key = backend.createKey();
        kms.inject(Fault.latency(Duration.ofSeconds(2)).build());
        try (KmsClient impatient = backend.client(1, Duration.ofMillis(200))) {
            ItemEncryptor enc = ItemEncryptor.create(orders(KmsProvider.builder().kmsClient(impatient).encryptionKey(key)
                    .build()));

            KmsMaterialsException e = kmsFailure(() -> enc.encrypt(order("c", 1)), Reason.TIMEOUT);

            assertThat(e).hasMessageContaining("did not complete within the KMS client's timeout")
                    .hasMessageContaining("apiCallAttemptTimeout");
            assertThat(e.isRetryable()).isTrue();
        }
    }

    @Test
    void unreachableKms_throwsUnavailable() {
        LocalKms gone = LocalKms.create().start();
        KmsClient orphan = TestClients.kms(gone.endpoint(), gone.region(), "test", "test", 1, null);
        gone.close();
        try (orphan) {
            ItemEncryptor enc = ItemEncryptor.create(orders(KmsProvider.builder().kmsClient(orphan)
                    .encryptionKey(backend.createKey()).build()));

            KmsMaterialsException e = kmsFailure(() -> enc.encrypt(order("c", 1)), Reason.UNAVAILABLE);

            assertThat(e).hasMessageContaining("could not reach KMS");
        }
    }

    @Test
    void encryptAll_kmsFailsMidBatch_returnsNothing() {
        String key = backend.createKey();
        ItemEncryptor enc = ItemEncryptor.create(orders(provider(key)));
        kms.inject(Fault.accessDenied().operation(Operation.GENERATE_DATA_KEY).after(2).build());
        List<Map<String, AttributeValue>> batch = List.of(order("c", 1), order("c", 2), order("c", 3), order("c", 4));

        assertThatThrownBy(() -> enc.encryptAll(batch))
                .hasMessageStartingWith("item 2: ")
                .isInstanceOfSatisfying(KmsMaterialsException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.ACCESS_DENIED);
                    assertThat(e.operation()).contains("GenerateDataKey");
                });
        assertThat(kms.calls(Operation.GENERATE_DATA_KEY)).isEqualTo(3);
    }
}
