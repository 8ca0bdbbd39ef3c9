package dev.coffer.enhanced.beacons;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** {@link User} as it was before its e-mail got a beacon: same attributes, no {@code @Beacon}. */
@DynamoDbBean
public class PlainUser {
    private String id, email, name;

    @DynamoDbPartitionKey public String getId() { return id; }
    public void setId(String v) { id = v; }
    public String getEmail() { return email; }
    public void setEmail(String v) { email = v; }
    public String getName() { return name; }
    public void setName(String v) { name = v; }
}
