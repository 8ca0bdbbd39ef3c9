package dev.coffer.enhanced.testing;

import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;

/** A nested bean: protected as one attribute of {@link Session}. */
@DynamoDbBean
public class Device {
    private String model;
    private String fingerprint;

    public Device() {
    }

    public Device(String model, String fingerprint) {
        this.model = model;
        this.fingerprint = fingerprint;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public void setFingerprint(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device d && Objects.equals(model, d.model) && Objects.equals(fingerprint, d.fingerprint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, fingerprint);
    }

    @Override
    public String toString() {
        return "Device{" + model + "}";
    }
}
