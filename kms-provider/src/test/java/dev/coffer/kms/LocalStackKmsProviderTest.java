package dev.coffer.kms;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The shared suite against LocalStack's KMS. Needs a Docker engine; without one the class is
 * skipped. Set {@code LOCALSTACK_AUTH_TOKEN} if your LocalStack image asks for one.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackKmsProviderTest extends KmsProviderSuite {
    static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4");

    @Container
    static final LocalStackContainer LOCALSTACK = localStack();

    private static LocalStackBackend backend;

    private static LocalStackContainer localStack() {
        LocalStackContainer c = new LocalStackContainer(IMAGE).withServices("kms");
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        return token == null || token.isEmpty() ? c : c.withEnv("LOCALSTACK_AUTH_TOKEN", token);
    }
    private static KmsClient client;

    @BeforeAll
    static void connect() {
        backend = new LocalStackBackend(LOCALSTACK);
        client = backend.client(3, Duration.ofSeconds(10));
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.close();
            backend.close();
        }
    }

    @Override
    protected KmsBackend backend() {
        return backend;
    }

    @Override
    protected KmsClient client() {
        return client;
    }
}
