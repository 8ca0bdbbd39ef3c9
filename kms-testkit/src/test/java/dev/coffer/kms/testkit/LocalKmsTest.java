package dev.coffer.kms.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** The loopback KMS driven by the real SDK v2 client. */
class LocalKmsTest {
    private static final Map<String, String> CONTEXT = Map.of("table", "orders", "pk", "42");

    private LocalKms kms;
    private KmsClient client;

    @BeforeEach
    void start() {
        kms = LocalKms.create().start();
        client = client(kms, 3, null);
    }

    @AfterEach
    void stop() {
        client.close();
        kms.close();
    }

    static KmsClient client(LocalKms kms, int maxAttempts, Duration attemptTimeout) {
        return KmsClient.builder()
                .endpointOverride(kms.endpoint())
                .region(Region.of(kms.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o
                        .apiCallAttemptTimeout(attemptTimeout)
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(maxAttempts)
                                .backoffStrategy(BackoffStrategy.retryImmediately())
                                .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                                .circuitBreakerEnabled(false)
                                .build()))
                .build();
    }

    private GenerateDataKeyResponse generate(String keyId, Map<String, String> context) {
        return client.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256).encryptionContext(context));
    }

    private DecryptResponse decrypt(String keyId, SdkBytes blob, Map<String, String> context) {
        return client.decrypt(b -> b.keyId(keyId).ciphertextBlob(blob).encryptionContext(context));
    }

    @Test
    void generateDataKeyThenDecrypt_sameKeyAndContext_returnsThePlaintextAndTheKeyArn() {
        KmsKey key = kms.createKey();

        GenerateDataKeyResponse g = generate(key.keyId(), CONTEXT);
        DecryptResponse d = decrypt(key.arn(), g.ciphertextBlob(), CONTEXT);

        assertThat(g.plaintext().asByteArray()).hasSize(32).isNotEqualTo(new byte[32]);
        assertThat(generate(key.arn(), CONTEXT).plaintext()).isNotEqualTo(g.plaintext());
        assertThat(g.keyId()).isEqualTo(key.arn()).startsWith("arn:aws:kms:us-east-1:111122223333:key/");
        assertThat(d.plaintext()).isEqualTo(g.plaintext());
        assertThat(d.keyId()).isEqualTo(key.arn());
        assertThat(kms.calls(Operation.GENERATE_DATA_KEY)).isEqualTo(2);
        assertThat(kms.calls(Operation.DECRYPT)).isEqualTo(1);
        assertThat(kms.totalCalls()).isEqualTo(3);
    }

    @Test
    void decrypt_withoutKeyId_findsTheKeyFromTheBlob() {
        KmsKey key = kms.createKey();
        GenerateDataKeyResponse g = generate(key.arn(), CONTEXT);

        DecryptResponse d = client.decrypt(b -> b.ciphertextBlob(g.ciphertextBlob()).encryptionContext(CONTEXT));

        assertThat(d.plaintext()).isEqualTo(g.plaintext());
        assertThat(d.keyId()).isEqualTo(key.arn());
    }

    @Test
    void generateDataKey_viaAliasNameOrAliasArn_returnsTheResolvedKeyArn() {
        KmsKey key = kms.createKey();
        String aliasArn = kms.createAlias("alias/orders", key);

        assertThat(aliasArn).isEqualTo("arn:aws:kms:us-east-1:111122223333:alias/orders");
        assertThat(generate("alias/orders", CONTEXT).keyId()).isEqualTo(key.arn());
        assertThat(generate(aliasArn, CONTEXT).keyId()).isEqualTo(key.arn());
    }

    @Test
    void updateAlias_pointsNewRequestsAtTheOtherKey() {
        KmsKey first = kms.createKey();
        KmsKey second = kms.createKey();
        kms.createAlias("alias/current", first);

        kms.updateAlias("alias/current", second);

        assertThat(generate("alias/current", CONTEXT).keyId()).isEqualTo(second.arn());
    }

    @Test
    void decrypt_differentEncryptionContext_throwsInvalidCiphertext() {
        KmsKey key = kms.createKey();
        GenerateDataKeyResponse g = generate(key.arn(), CONTEXT);

        assertThatThrownBy(() -> decrypt(key.arn(), g.ciphertextBlob(), Map.of("table", "orders", "pk", "43")))
                .isInstanceOf(InvalidCiphertextException.class);
        assertThatThrownBy(() -> decrypt(key.arn(), g.ciphertextBlob(), Map.of("table", "orders")))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void decrypt_flippedBlobByte_throwsInvalidCiphertext() {
        KmsKey key = kms.createKey();
        byte[] blob = generate(key.arn(), CONTEXT).ciphertextBlob().asByteArray();
        blob[blob.length - 1] ^= 1;

        assertThatThrownBy(() -> decrypt(key.arn(), SdkBytes.fromByteArray(blob), CONTEXT))
                .isInstanceOf(InvalidCiphertextException.class);
    }

    @Test
    void decrypt_keyIdOfAnotherKey_throwsIncorrectKey() {
        KmsKey key = kms.createKey();
        KmsKey other = kms.createKey();
        GenerateDataKeyResponse g = generate(key.arn(), CONTEXT);

        assertThatThrownBy(() -> decrypt(other.arn(), g.ciphertextBlob(), CONTEXT))
                .isInstanceOf(IncorrectKeyException.class);
    }

    @Test
    void requests_disabledKey_throwDisabledUntilEnabledAgain() {
        KmsKey key = kms.createKey();
        GenerateDataKeyResponse g = generate(key.arn(), CONTEXT);
        kms.disableKey(key);

        assertThatThrownBy(() -> generate(key.arn(), CONTEXT)).isInstanceOf(DisabledException.class)
                .hasMessageContaining(key.arn() + " is disabled");
        assertThatThrownBy(() -> decrypt(key.arn(), g.ciphertextBlob(), CONTEXT)).isInstanceOf(DisabledException.class);

        kms.enableKey(key);
        assertThat(decrypt(key.arn(), g.ciphertextBlob(), CONTEXT).plaintext()).isEqualTo(g.plaintext());
    }

    @Test
    void requests_keyPendingDeletion_throwInvalidState() {
        KmsKey key = kms.createKey();
        GenerateDataKeyResponse g = generate(key.arn(), CONTEXT);
        kms.scheduleKeyDeletion(key);

        assertThatThrownBy(() -> decrypt(key.arn(), g.ciphertextBlob(), CONTEXT))
                .isInstanceOf(KmsInvalidStateException.class)
                .hasMessageContaining("pending deletion");
    }

    @Test
    void requests_unknownOrDeletedKeyOrAlias_throwNotFound() {
        KmsKey key = kms.createKey();
        kms.createAlias("alias/gone", key);
        kms.deleteKey(key);

        assertThatThrownBy(() -> generate(key.arn(), CONTEXT)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> generate("alias/gone", CONTEXT)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("alias/gone is not found");
        assertThatThrownBy(() -> generate("arn:aws:kms:eu-west-1:111122223333:key/1234", CONTEXT))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void keyOfAnotherAccount_isReachableByArnOnly() {
        KmsKey foreign = kms.createKey(KeyOptions.builder().accountId("444455556666").build());

        assertThat(generate(foreign.arn(), CONTEXT).keyId()).isEqualTo(foreign.arn()).contains(":444455556666:");
        assertThatThrownBy(() -> generate(foreign.keyId(), CONTEXT)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void multiRegionReplica_decryptsWhatThePrimaryEncrypted() {
        try (LocalKms west = LocalKms.builder().region("us-west-2").build().start();
                KmsClient westClient = client(west, 1, null)) {
            KmsKey primary = kms.createKey(KeyOptions.builder().multiRegion(true).build());
            KmsKey replica = west.replicateKey(primary);
            GenerateDataKeyResponse g = generate(primary.arn(), CONTEXT);

            DecryptResponse d = westClient.decrypt(b -> b.keyId(replica.arn()).ciphertextBlob(g.ciphertextBlob())
                    .encryptionContext(CONTEXT));

            assertThat(primary.keyId()).startsWith("mrk-");
            assertThat(replica.arn()).isEqualTo(primary.arn().replace("us-east-1", "us-west-2"));
            assertThat(d.plaintext()).isEqualTo(g.plaintext());
            assertThat(d.keyId()).isEqualTo(replica.arn());
        }
    }

    /** A client of this server that signs its requests for {@code region}, as a client configured for it does. */
    private KmsClient clientFor(String region) {
        return KmsClient.builder()
                .endpointOverride(kms.endpoint())
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Test
    void requestSignedForAnotherRegion_keyArnOfThisRegion_isRefusedAsAnInvalidArn() {
        KmsKey key = kms.createKey();
        try (KmsClient west = clientFor("eu-west-1")) {
            assertThatThrownBy(() -> west.describeKey(b -> b.keyId(key.arn()))).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Invalid arn us-east-1");
            assertThatThrownBy(() -> west.generateDataKey(b -> b.keyId(key.arn()).keySpec(DataKeySpec.AES_256)
                    .encryptionContext(CONTEXT))).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Invalid arn us-east-1");
        }
        assertThat(kms.requests()).extracting(KmsCall::region).containsExactly("eu-west-1", "eu-west-1");
        assertThat(kms.requests()).allSatisfy(c -> assertThat(c.errorCode()).contains("NotFoundException"));
    }

    @Test
    void requestSignedForAnotherRegion_keyIdOrAlias_isLookedUpInThatRegion() {
        KmsKey key = kms.createKey();
        kms.createAlias("alias/orders", key);
        try (KmsClient west = clientFor("eu-west-1")) {
            assertThatThrownBy(() -> west.describeKey(b -> b.keyId(key.keyId()))).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("Key 'arn:aws:kms:eu-west-1:111122223333:key/" + key.keyId() + "' does not exist");
            assertThatThrownBy(() -> west.describeKey(b -> b.keyId("alias/orders"))).isInstanceOf(NotFoundException.class)
                    .hasMessageContaining("arn:aws:kms:eu-west-1:111122223333:alias/orders");
        }
    }

    @Test
    void requestSignedForAnotherRegion_ciphertextOfThisRegion_doesNotDecrypt() {
        KmsKey key = kms.createKey();
        GenerateDataKeyResponse g = generate(key.arn(), CONTEXT);
        try (KmsClient west = clientFor("eu-west-1")) {
            assertThatThrownBy(() -> west.decrypt(b -> b.ciphertextBlob(g.ciphertextBlob()).encryptionContext(CONTEXT)))
                    .isInstanceOf(InvalidCiphertextException.class);
            assertThatThrownBy(() -> west.decrypt(b -> b.keyId(key.arn()).ciphertextBlob(g.ciphertextBlob())
                    .encryptionContext(CONTEXT))).isInstanceOf(NotFoundException.class).hasMessageContaining("Invalid arn");
        }
    }

    @Test
    void requestSignedForThisRegion_isServed_andLoggedWithItsRegion() {
        KmsKey key = kms.createKey();
        try (KmsClient east = clientFor("us-east-1")) {
            assertThat(east.describeKey(b -> b.keyId(key.keyId())).keyMetadata().arn()).isEqualTo(key.arn());
        }
        assertThat(kms.requests()).singleElement().satisfies(c -> {
            assertThat(c.region()).isEqualTo("us-east-1");
            assertThat(c.errorCode()).isEmpty();
        });
    }

    @Test
    void replicateKey_singleRegionKey_isRejected() {
        try (LocalKms west = LocalKms.builder().region("us-west-2").build()) {
            KmsKey plain = kms.createKey();

            assertThatThrownBy(() -> west.replicateKey(plain)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a multi-Region key");
        }
    }

    @Test
    void encryptThenDecrypt_roundTripsSmallPlaintext() {
        KmsKey key = kms.createKey();
        SdkBytes secret = SdkBytes.fromUtf8String("hello");

        SdkBytes blob = client.encrypt(b -> b.keyId(key.arn()).plaintext(secret).encryptionContext(CONTEXT)).ciphertextBlob();

        assertThat(decrypt(key.arn(), blob, CONTEXT).plaintext()).isEqualTo(secret);
        assertThat(kms.calls(Operation.ENCRYPT)).isEqualTo(1);
    }

    @Test
    void describeKey_reportsArnStateAndMultiRegion() {
        KmsKey key = kms.createKey(KeyOptions.builder().multiRegion(true).description("orders").build());
        kms.createAlias("alias/described", key);
        kms.disableKey(key);

        KeyMetadata m = client.describeKey(b -> b.keyId("alias/described")).keyMetadata();

        assertThat(m.arn()).isEqualTo(key.arn());
        assertThat(m.keyId()).isEqualTo(key.keyId());
        assertThat(m.awsAccountId()).isEqualTo("111122223333");
        assertThat(m.keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(m.enabled()).isFalse();
        assertThat(m.multiRegion()).isTrue();
        assertThat(m.description()).isEqualTo("orders");
    }

    @Test
    void grantToken_requiredOnceAGrantExists() {
        KmsKey key = kms.createKey();
        String token = kms.requireGrantToken(key);

        assertThatThrownBy(() -> generate(key.arn(), CONTEXT)).isInstanceOf(KmsException.class)
                .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                        .isEqualTo("AccessDeniedException"));
        GenerateDataKeyResponse g = client.generateDataKey(b -> b.keyId(key.arn()).keySpec(DataKeySpec.AES_256)
                .encryptionContext(CONTEXT).grantTokens(token));

        assertThat(g.keyId()).isEqualTo(key.arn());
        assertThat(kms.requests().get(kms.requests().size() - 1).grantTokens()).containsExactly(token);
    }

    @Test
    void throttlingFault_isRetriedBySdkThenSurfacesWithAttemptCount() {
        KmsKey key = kms.createKey();
        kms.inject(Fault.throttling().operation(Operation.GENERATE_DATA_KEY).build());

        assertThatThrownBy(() -> generate(key.arn(), CONTEXT)).isInstanceOf(KmsException.class)
                .satisfies(e -> {
                    AwsServiceException a = (AwsServiceException) e;
                    assertThat(a.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(a.isThrottlingException()).isTrue();
                    assertThat(a.numAttempts()).isEqualTo(3);
                });
        assertThat(kms.calls(Operation.GENERATE_DATA_KEY)).isEqualTo(3);
        assertThat(kms.requests()).allSatisfy(c -> assertThat(c.errorCode()).contains("ThrottlingException"));
    }

    @Test
    void faultWithTimes_firesThatOftenThenLetsRequestsThrough() {
        KmsKey key = kms.createKey();
        kms.inject(Fault.internalError().times(2).build());

        GenerateDataKeyResponse g = generate(key.arn(), CONTEXT);

        assertThat(g.keyId()).isEqualTo(key.arn());
        assertThat(kms.calls(Operation.GENERATE_DATA_KEY)).isEqualTo(3);
    }

    @Test
    void faultWithAfter_letsTheFirstRequestsThrough() {
        KmsKey key = kms.createKey();
        kms.inject(Fault.internalError().after(1).build());
        generate(key.arn(), CONTEXT);

        assertThatThrownBy(() -> generate(key.arn(), CONTEXT)).isInstanceOf(KmsInternalException.class);
        kms.clearFaults();
        assertThat(generate(key.arn(), CONTEXT).keyId()).isEqualTo(key.arn());
    }

    @Test
    void accessDeniedFault_forOneKeyAndOperation_namesActionAndResource() {
        KmsKey key = kms.createKey();
        KmsKey other = kms.createKey();
        kms.inject(Fault.accessDenied().operation(Operation.DECRYPT).key(key).build());
        GenerateDataKeyResponse g = generate(key.arn(), CONTEXT);
        GenerateDataKeyResponse h = generate(other.arn(), CONTEXT);

        assertThatThrownBy(() -> decrypt(key.arn(), g.ciphertextBlob(), CONTEXT)).isInstanceOf(KmsException.class)
                .hasMessageContaining("not authorized to perform: kms:Decrypt on resource: " + key.arn());
        assertThat(decrypt(other.arn(), h.ciphertextBlob(), CONTEXT).keyId()).isEqualTo(other.arn());
    }

    @Test
    void latencyFault_longerThanTheAttemptTimeout_timesOut() {
        KmsKey key = kms.createKey();
        kms.inject(Fault.latency(Duration.ofSeconds(2)).build());
        try (KmsClient impatient = client(kms, 1, Duration.ofMillis(200))) {
            assertThatThrownBy(() -> impatient.generateDataKey(b -> b.keyId(key.arn()).keySpec(DataKeySpec.AES_256)))
                    .isInstanceOf(ApiCallAttemptTimeoutException.class);
        }
    }

    @Test
    void requestLog_recordsContextAndErrorButNoSecrets() {
        KmsKey key = kms.createKey();
        generate(key.arn(), CONTEXT);
        kms.disableKey(key);
        assertThatThrownBy(() -> generate(key.arn(), CONTEXT)).isInstanceOf(DisabledException.class);

        assertThat(kms.requests()).hasSize(2);
        KmsCall last = kms.requests().get(1);
        assertThat(last.operation()).isEqualTo(Operation.GENERATE_DATA_KEY);
        assertThat(last.keyArn()).contains(key.arn());
        assertThat(last.encryptionContext()).isEqualTo(CONTEXT);
        assertThat(last.errorCode()).contains("DisabledException");
        assertThat(kms.requests().get(0).errorCode()).isEmpty();

        kms.resetCounters();
        assertThat(kms.requests()).isEmpty();
        assertThat(kms.totalCalls()).isZero();
    }

    @Test
    void unknownOperation_answersKmsStyleError() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(kms.endpoint() + "/"))
                        .header("X-Amz-Target", "TrentService.CreateKey")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("UnknownOperationException");
    }
}
