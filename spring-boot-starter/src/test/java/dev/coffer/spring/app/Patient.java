package dev.coffer.spring.app;

import dev.coffer.enhanced.SignOnly;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/**
 * The example application's entity: an ordinary Spring Cloud AWS bean; the Coffer annotations only
 * say what is not encrypted ({@code status} is signed plaintext; the key and version are plaintext
 * and signed anyway). {@code name} and {@code ssn} are encrypted.
 */
@DynamoDbBean
public class Patient {
    private String id;
    private String name;
    private String ssn;
    private String status;
    private Long version;

    public Patient() {
    }

    public Patient(String id, String name, String ssn, String status) {
        this.id = id;
        this.name = name;
        this.ssn = ssn;
        this.status = status;
    }

    @DynamoDbPartitionKey
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getSsn() {
        return ssn;
    }

    public void setSsn(String ssn) {
        this.ssn = ssn;
    }

    @SignOnly
    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    @DynamoDbVersionAttribute
    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }
}
