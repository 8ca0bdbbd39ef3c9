package dev.coffer.spring;

import dev.coffer.kms.testkit.KmsKey;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.testfixtures.TestDynamo;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The engines of the starter's tests, one of each per test JVM: dynalite (through test-fixtures'
 * {@link TestDynamo}) and the loopback KMS; and the properties that point an application at them.
 */
final class Engines {
    static final LocalKms KMS = LocalKms.builder().region(TestDynamo.REGION.id()).build().start();
    static final KmsKey KEY = KMS.createKey();

    private Engines() {
    }

    /**
     * Properties for an application whose tables are named {@code prefix + entity} (Spring Cloud
     * AWS's table prefix); creates the {@code patient} table for that prefix.
     */
    static Map<String, Object> properties(String prefix) {
        String table = prefix + "patient";
        TestDynamo.client().createTable(r -> r.tableName(table)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                        .attributeType(ScalarAttributeType.S).build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.cloud.aws.region.static", TestDynamo.REGION.id());
        p.put("spring.cloud.aws.credentials.access-key", "coffer-test");
        p.put("spring.cloud.aws.credentials.secret-key", "coffer-test");
        p.put("spring.cloud.aws.dynamodb.endpoint", TestDynamo.endpoint().toString());
        p.put("spring.cloud.aws.dynamodb.table-prefix", prefix);
        p.put("coffer.kms.endpoint", KMS.endpoint().toString());
        p.put("coffer.kms.key-arn", KEY.arn());
        return p;
    }

    static String[] asArgs(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
