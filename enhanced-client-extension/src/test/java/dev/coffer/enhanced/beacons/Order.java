package dev.coffer.enhanced.beacons;

import dev.coffer.enhanced.Beacon;
import dev.coffer.enhanced.CompoundBeacon;
import dev.coffer.enhanced.SignOnly;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/**
 * An order: the customer is encrypted with an 8-bit beacon, the day is sign-only, and the compound
 * beacon {@code customer_day} ("C-<customer beacon>.D-<day>") serves "one customer's orders in one
 * month" by begins_with.
 */
@DynamoDbBean
@CompoundBeacon(name = "customer_day", parts = {
        @CompoundBeacon.Part(prefix = "C-", beacon = "customer"),
        @CompoundBeacon.Part(prefix = "D-", attribute = "day")})
public class Order {
    private String id, customer, day, item;

    public Order() {
    }

    public Order(String id, String customer, String day, String item) {
        this.id = id;
        this.customer = customer;
        this.day = day;
        this.item = item;
    }

    @DynamoDbPartitionKey public String getId() { return id; }
    public void setId(String v) { id = v; }
    @Beacon(bits = 8)
    public String getCustomer() { return customer; }
    public void setCustomer(String v) { customer = v; }
    @SignOnly public String getDay() { return day; }
    public void setDay(String v) { day = v; }
    public String getItem() { return item; }
    public void setItem(String v) { item = v; }

    @Override
    public String toString() {
        return id;
    }
}
