package dev.coffer.enhanced.beacons;

import dev.coffer.enhanced.Beacon;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** An item with a 1-bit beacon, so that about half of all other values share any value's beacon. */
@DynamoDbBean
public class Tagged {
    private String id, label;

    public Tagged() {
    }

    public Tagged(String id, String label) {
        this.id = id;
        this.label = label;
    }

    @DynamoDbPartitionKey public String getId() { return id; }
    public void setId(String v) { id = v; }
    @Beacon(bits = 1, index = "label-index")
    public String getLabel() { return label; }
    public void setLabel(String v) { label = v; }
}
