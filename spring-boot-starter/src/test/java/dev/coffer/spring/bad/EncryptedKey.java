package dev.coffer.spring.bad;

import dev.coffer.enhanced.Encrypt;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** A misconfigured entity: its partition key is marked for encryption, which DynamoDB cannot index. */
@DynamoDbBean
public class EncryptedKey {
    private String id;

    @DynamoDbPartitionKey
    @Encrypt
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }
}
