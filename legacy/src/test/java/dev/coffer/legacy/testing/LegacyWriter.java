package dev.coffer.legacy.testing;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDB;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBClientBuilder;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.DynamoDBEncryptor;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.EncryptionContext;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.EncryptionFlags;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.EncryptionMaterialsProvider;
import com.amazonaws.services.kms.AWSKMS;
import com.amazonaws.services.kms.AWSKMSClientBuilder;
import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes items with the legacy client itself ({@code aws-dynamodb-encryption-java} 2.0.3 on SDK v1,
 * test scope only): the actions of a Coffer {@link TableConfig} become the legacy attribute flags,
 * and values are converted between SDK v1 and v2.
 */
public final class LegacyWriter {
    private LegacyWriter() {
    }

    /** Encrypts and signs {@code item} as the legacy {@code DynamoDBEncryptor} does, for {@code table}. */
    public static Map<String, AttributeValue> write(EncryptionMaterialsProvider provider, TableConfig table,
            Map<String, AttributeValue> item) {
        Map<String, Set<EncryptionFlags>> flags = new HashMap<>();
        for (String name : item.keySet()) {
            CryptoAction a = table.actionFor(name);
            flags.put(name, switch (a) {
                case ENCRYPT_AND_SIGN -> EnumSet.of(EncryptionFlags.ENCRYPT, EncryptionFlags.SIGN);
                case SIGN_ONLY -> EnumSet.of(EncryptionFlags.SIGN);
                case DO_NOTHING -> EnumSet.noneOf(EncryptionFlags.class);
            });
        }
        EncryptionContext.Builder ctx = new EncryptionContext.Builder().withTableName(table.tableName())
                .withHashKeyName(table.partitionKeyName());
        table.sortKeyName().ifPresent(ctx::withRangeKeyName);
        try {
            return toV2(DynamoDBEncryptor.getInstance(provider).encryptRecord(toV1(item), flags, ctx.build()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An SDK v1 KMS client for the loopback KMS at {@code endpoint}. */
    public static AWSKMS kms(URI endpoint, String region) {
        return AWSKMSClientBuilder.standard()
                .withEndpointConfiguration(new EndpointConfiguration(endpoint.toString(), region))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("legacy-test", "legacy-test")))
                .build();
    }

    /** An SDK v1 DynamoDB client for the test engine at {@code endpoint}. */
    public static AmazonDynamoDB dynamoDb(URI endpoint) {
        return AmazonDynamoDBClientBuilder.standard()
                .withEndpointConfiguration(new EndpointConfiguration(endpoint.toString(), "us-east-1"))
                .withCredentials(new AWSStaticCredentialsProvider(new BasicAWSCredentials("legacy-test", "legacy-test")))
                .build();
    }

    public static Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> toV1(Map<String, AttributeValue> item) {
        Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> m = new LinkedHashMap<>();
        item.forEach((k, v) -> m.put(k, toV1(v)));
        return m;
    }

    public static com.amazonaws.services.dynamodbv2.model.AttributeValue toV1(AttributeValue v) {
        com.amazonaws.services.dynamodbv2.model.AttributeValue r = new com.amazonaws.services.dynamodbv2.model.AttributeValue();
        switch (v.type()) {
            case S -> r.setS(v.s());
            case N -> r.setN(v.n());
            case B -> r.setB(ByteBuffer.wrap(v.b().asByteArray()));
            case SS -> r.setSS(new ArrayList<>(v.ss()));
            case NS -> r.setNS(new ArrayList<>(v.ns()));
            case BS -> r.setBS(v.bs().stream().map(b -> ByteBuffer.wrap(b.asByteArray())).toList());
            case BOOL -> r.setBOOL(v.bool());
            case NUL -> r.setNULL(true);
            case L -> r.setL(v.l().stream().map(LegacyWriter::toV1).toList());
            case M -> r.setM(toV1(v.m()));
            default -> throw new IllegalArgumentException(String.valueOf(v.type()));
        }
        return r;
    }

    public static Map<String, AttributeValue> toV2(Map<String, com.amazonaws.services.dynamodbv2.model.AttributeValue> item) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        item.forEach((k, v) -> m.put(k, toV2(v)));
        return m;
    }

    public static AttributeValue toV2(com.amazonaws.services.dynamodbv2.model.AttributeValue v) {
        AttributeValue.Builder b = AttributeValue.builder();
        if (v.getS() != null) {
            b.s(v.getS());
        } else if (v.getN() != null) {
            b.n(v.getN());
        } else if (v.getB() != null) {
            b.b(SdkBytes.fromByteBuffer(v.getB().asReadOnlyBuffer().rewind()));
        } else if (v.getSS() != null) {
            b.ss(v.getSS());
        } else if (v.getNS() != null) {
            b.ns(v.getNS());
        } else if (v.getBS() != null) {
            List<SdkBytes> bs = new ArrayList<>();
            v.getBS().forEach(x -> bs.add(SdkBytes.fromByteBuffer(x.asReadOnlyBuffer().rewind())));
            b.bs(bs);
        } else if (v.getBOOL() != null) {
            b.bool(v.getBOOL());
        } else if (Boolean.TRUE.equals(v.getNULL())) {
            b.nul(true);
        } else if (v.getL() != null) {
            b.l(v.getL().stream().map(LegacyWriter::toV2).toList());
        } else if (v.getM() != null) {
            b.m(toV2(v.getM()));
        } else {
            throw new IllegalArgumentException("empty v1 value");
        }
        return b.build();
    }
}
