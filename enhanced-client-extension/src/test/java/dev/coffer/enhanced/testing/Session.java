package dev.coffer.enhanced.testing;

import dev.coffer.enhanced.DoNothing;
import dev.coffer.enhanced.SignOnly;
import dev.coffer.enhanced.TimeToLive;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/**
 * The seeds' session record: user id partition key, session id sort key, token and client IP
 * encrypted, status sign-only (and the partition key of two indexes), expiry a plaintext TTL
 * number, a nested device bean, a list of devices and a map document (encrypted whole), and a
 * do-nothing last-seen time that partial updates may change.
 */
@DynamoDbBean
public class Session {
    public static final String BY_STATUS = "by_status";
    public static final String BY_STATUS_KEYS = "by_status_keys";
    /** Secret values each test item carries; none may appear in the stored bytes. */
    public static final String TOKEN_MARK = "tok-SECRET-";
    public static final String IP = "203.0.113.77";
    public static final String FINGERPRINT_MARK = "fp-SECRET-";
    public static final String LABEL_SECRET = "label-SECRET-value";

    private String userId;
    private String sessionId;
    private String token;
    private String clientIp;
    private String status;
    private Long expiresAt;
    private Device device;
    private List<Device> previousDevices;
    private Map<String, String> labels;
    private Long lastSeen;

    /** A fully populated session for {@code userId}. */
    public static Session sample(String userId, String sessionId) {
        Session s = new Session();
        s.userId = userId;
        s.sessionId = sessionId;
        s.token = TOKEN_MARK + UUID.randomUUID();
        s.clientIp = IP;
        s.status = "ACTIVE";
        s.expiresAt = 1_900_000_000L;
        s.device = new Device("pixel-9", FINGERPRINT_MARK + sessionId);
        s.previousDevices = List.of(new Device("old-phone", FINGERPRINT_MARK + "old-" + sessionId));
        s.labels = Map.of("plan", LABEL_SECRET);
        s.lastSeen = 1_700_000_000L;
        return s;
    }

    @DynamoDbPartitionKey
    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    @DynamoDbSortKey
    public String getSessionId() {
        return sessionId;
    }

    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getClientIp() {
        return clientIp;
    }

    public void setClientIp(String clientIp) {
        this.clientIp = clientIp;
    }

    @SignOnly
    @DynamoDbSecondaryPartitionKey(indexNames = {BY_STATUS, BY_STATUS_KEYS})
    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    @TimeToLive
    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }

    public Device getDevice() {
        return device;
    }

    public void setDevice(Device device) {
        this.device = device;
    }

    public List<Device> getPreviousDevices() {
        return previousDevices;
    }

    public void setPreviousDevices(List<Device> previousDevices) {
        this.previousDevices = previousDevices;
    }

    public Map<String, String> getLabels() {
        return labels;
    }

    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }

    @DoNothing
    public Long getLastSeen() {
        return lastSeen;
    }

    public void setLastSeen(Long lastSeen) {
        this.lastSeen = lastSeen;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Session s)) {
            return false;
        }
        return Objects.equals(userId, s.userId) && Objects.equals(sessionId, s.sessionId)
                && Objects.equals(token, s.token) && Objects.equals(clientIp, s.clientIp)
                && Objects.equals(status, s.status) && Objects.equals(expiresAt, s.expiresAt)
                && Objects.equals(device, s.device) && Objects.equals(previousDevices, s.previousDevices)
                && Objects.equals(labels, s.labels) && Objects.equals(lastSeen, s.lastSeen);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, sessionId);
    }

    @Override
    public String toString() {
        return "Session{" + userId + "/" + sessionId + ", status=" + status + "}";
    }
}
