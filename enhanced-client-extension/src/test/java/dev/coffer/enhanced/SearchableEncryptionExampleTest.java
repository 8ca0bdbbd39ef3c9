package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.beacon.BeaconQuery;
import dev.coffer.enhanced.beacons.User;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.enhanced.testing.RawItems;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
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
import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedGlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * The example of docs/searchable-encryption.md, compiled and run on the test engine; the guide is
 * checked to show exactly this text.
 */
class SearchableEncryptionExampleTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    private static final Path SOURCES = Path.of("src/test/java/dev/coffer/enhanced");
    private static final Path GUIDE = Path.of("../docs/searchable-encryption.md");

    @Test
    void example_findsAUserByEmail() {
        MaterialsProvider provider = Keys.staticProvider();
        SecretBytes secret = SecretBytes.random(32);
        DynamoDbClient ddb = DYNAMO.client();
        User alice = new User();
        alice.setId("u-1");
        alice.setEmail("Alice@Example.com");
        alice.setName("Alice");
        User bob = new User();
        bob.setId("u-2");
        bob.setEmail("bob@example.com");
        bob.setName("Bob");

        // DOC-BEGIN usage
        CofferExtension coffer = CofferExtension.builder()
                .materialsProvider(provider)                                   // see docs/providers.md
                .beaconKeySource(BeaconKeySource.local(secret))                // or MetaStoreBeaconKey (KMS)
                .build();
        DynamoDbEnhancedClient client = DynamoDbEnhancedClient.builder()
                .dynamoDbClient(ddb).extensions(coffer).build();
        DynamoDbTable<User> users = client.table("users", TableSchema.fromBean(User.class));
        users.createTable(r -> r.globalSecondaryIndices(EnhancedGlobalSecondaryIndex.builder()
                .indexName("email-index").projection(p -> p.projectionType(ProjectionType.ALL)).build()));
        users.putItem(alice);                                                  // email encrypted, beacon added
        users.putItem(bob);

        List<User> found = coffer.query(users, "email-index", BeaconQuery.equalTo("email", "alice@example.com"));
        // DOC-END usage

        assertThat(found).singleElement().satisfies(u -> {
            assertThat(u.getId()).isEqualTo("u-1");
            assertThat(u.getName()).isEqualTo("Alice");
        });
        Map<String, AttributeValue> raw = ddb.getItem(r -> r.tableName("users")
                .key(Map.of("id", AttributeValue.fromS("u-1")))).item();
        assertThat(RawItems.contains(RawItems.allBytes(raw), "Alice@Example.com")).isFalse();
        assertThat(raw.get("coffer_b_email").s()).matches("[0-9a-f]{4}");
    }

    @Test
    void guide_showsTheCompiledExampleVerbatim() throws IOException {
        String bean = region(SOURCES.resolve("beacons/User.java"), "bean");
        String usage = region(SOURCES.resolve("SearchableEncryptionExampleTest.java"), "usage");

        assertThat(Files.readString(GUIDE, StandardCharsets.UTF_8)).contains("```java\n" + bean + "```\n")
                .contains("```java\n" + usage + "```\n");
    }

    /** The lines between the DOC-BEGIN and DOC-END markers of {@code name}, common indentation removed. */
    private static String region(Path file, String name) throws IOException {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.trim().equals("// DOC-END " + name)) {
                break;
            }
            if (in) {
                out.add(line);
            }
            if (line.trim().equals("// DOC-BEGIN " + name)) {
                in = true;
            }
        }
        assertThat(out).as("region " + name + " in " + file).isNotEmpty();
        int indent = out.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length())
                .min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String l : out) {
            sb.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
        }
        return sb.toString();
    }
}
