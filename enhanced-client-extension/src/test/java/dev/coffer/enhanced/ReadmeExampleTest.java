package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.enhanced.readme.Session;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.enhanced.testing.RawItems;
import dev.coffer.materials.MaterialsProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The README example, compiled and run; and the copy in docs/enhanced-client.md is checked to be
 * the same text, so the documented example cannot rot.
 */
class ReadmeExampleTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    private static final Path SOURCES = Path.of("src/test/java/dev/coffer/enhanced");
    private static final Path GUIDE = Path.of("../docs/enhanced-client.md");
    private static final Path README = Path.of("../README.md");

    @Test
    void readmeExample_savesAndLoadsAnEncryptedBean() {
        MaterialsProvider provider = Keys.staticProvider();
        DynamoDbClient ddb = DYNAMO.client();
        DYNAMO.enhanced().table("sessions", TableSchema.fromBean(Session.class)).createTable();
        Session session = new Session();
        session.setUserId("alice");
        session.setSessionId("s-1");
        session.setToken("tok-SECRET-readme");
        session.setStatus("ACTIVE");
        session.setExpiresAt(1_900_000_000L);

        // README-BEGIN usage
        CofferExtension coffer = CofferExtension.create(provider);            // provider: see docs/providers.md
        DynamoDbEnhancedClient client = DynamoDbEnhancedClient.builder()
                .dynamoDbClient(ddb).extensions(coffer).build();
        DynamoDbTable<Session> sessions = client.table("sessions", TableSchema.fromBean(Session.class));
        sessions.putItem(session);                                             // token encrypted, item signed
        Session loaded = sessions.getItem(session);                           // verified, then decrypted
        // README-END usage

        assertThat(loaded.getToken()).isEqualTo("tok-SECRET-readme");
        assertThat(loaded.getStatus()).isEqualTo("ACTIVE");
        Map<String, AttributeValue> raw = ddb.getItem(r -> r.tableName("sessions")
                .key(Map.of("userId", AttributeValue.fromS("alice"), "sessionId", AttributeValue.fromS("s-1")))).item();
        assertThat(RawItems.contains(RawItems.allBytes(raw), "tok-SECRET-readme")).isFalse();
        assertThat(raw.get("expiresAt").n()).isEqualTo("1900000000");
    }

    @Test
    void guideAndReadme_showTheCompiledExampleVerbatim() throws IOException {
        String bean = region(SOURCES.resolve("readme/Session.java"), "bean");
        String usage = region(SOURCES.resolve("ReadmeExampleTest.java"), "usage");

        for (Path doc : List.of(GUIDE, README)) {
            assertThat(Files.readString(doc, StandardCharsets.UTF_8)).as(doc.toString())
                    .contains("```java\n" + bean + "\n" + usage + "```\n");
        }
    }

    /** The lines between the README-BEGIN and README-END markers of {@code name}, common indentation removed. */
    private static String region(Path file, String name) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : lines) {
            if (line.trim().equals("// README-END " + name)) {
                break;
            }
            if (in) {
                out.add(line);
            }
            if (line.trim().equals("// README-BEGIN " + name)) {
                in = true;
            }
        }
        assertThat(out).as("region " + name + " in " + file).isNotEmpty();
        int indent = out.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String l : out) {
            sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return sb.toString();
    }
}
