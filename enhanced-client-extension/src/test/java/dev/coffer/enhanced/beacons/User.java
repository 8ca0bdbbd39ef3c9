package dev.coffer.enhanced.beacons;

// The bean of docs/searchable-encryption.md, compiled: SearchableEncryptionExampleTest checks the
// guide shows exactly this text.
// DOC-BEGIN bean
import dev.coffer.beacon.BeaconTransform;
import dev.coffer.enhanced.Beacon;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

@DynamoDbBean
public class User {
    private String id, email, name;

    @DynamoDbPartitionKey public String getId() { return id; }
    public void setId(String v) { id = v; }
    @Beacon(bits = 16, transform = BeaconTransform.LOWER_CASE, index = "email-index")
    public String getEmail() { return email; }                             // encrypted, and searchable
    public void setEmail(String v) { email = v; }
    public String getName() { return name; }                              // encrypted
    public void setName(String v) { name = v; }
}
// DOC-END bean
