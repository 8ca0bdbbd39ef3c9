package dev.coffer.mostrecent;

import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What anyone who can write to a table can plant without any key: an item whose header names a
 * most-recent material and a version number of their choosing, under keys of their own. Readers
 * look the version up before they can verify anything, which is what these items exercise.
 */
final class PlantedVersions {
    private PlantedVersions() {
    }

    /** An item of table {@code table} (partition key {@code user_id}) naming version {@code version} of {@code material}. */
    static Map<String, AttributeValue> item(String table, String material, long version, int i) {
        MaterialsProvider forger = new MaterialsProvider() {
            @Override
            public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
                return EncryptionMaterials.builder()
                        .description(MaterialsDescription.builder().providerId(Version.PROVIDER_ID).keyId(material)
                                .parameter(Version.PARAM_VERSION, Long.toString(version)).build())
                        .dataKey(SecretBytes.random(32))
                        .signingKey(SecretBytes.random(32))
                        .build();
            }

            @Override
            public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
                throw new UnsupportedOperationException("the forger only writes");
            }
        };
        return ItemEncryptor.create(TableConfig.builder().tableName(table).partitionKey("user_id")
                .materialsProvider(forger).build())
                .encrypt(Map.of("user_id", AttributeValue.fromS("planted-" + i), "token", AttributeValue.fromS("x")));
    }
}
