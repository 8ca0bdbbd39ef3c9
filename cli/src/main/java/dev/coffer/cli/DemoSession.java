package dev.coffer.cli;

import dev.coffer.enhanced.SignOnly;
import dev.coffer.enhanced.TimeToLive;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/**
 * The demo's session record, modelled on a secure session store: user id and session id are the
 * keys (plaintext, signed), the token and client IP are encrypted, the status is readable but
 * signed, and the expiry is the plaintext number DynamoDB's TTL deletes expired sessions by.
 */
@DynamoDbBean
public class DemoSession {
    private String userId;
    private String sessionId;
    private String token;
    private String clientIp;
    private String status;
    private Long expiresAt;

    public DemoSession() {
    }

    DemoSession(String userId, String sessionId, String token, String clientIp, String status, long expiresAt) {
        this.userId = userId;
        this.sessionId = sessionId;
        this.token = token;
        this.clientIp = clientIp;
        this.status = status;
        this.expiresAt = expiresAt;
    }

    @DynamoDbPartitionKey
    @DynamoDbAttribute("user_id")
    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    @DynamoDbSortKey
    @DynamoDbAttribute("session_id")
    public String getSessionId() {
        return sessionId;
    }

    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    @DynamoDbAttribute("token")
    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    @DynamoDbAttribute("client_ip")
    public String getClientIp() {
        return clientIp;
    }

    public void setClientIp(String clientIp) {
        this.clientIp = clientIp;
    }

    @SignOnly
    @DynamoDbAttribute("status")
    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    @TimeToLive
    @DynamoDbAttribute("expires_at")
    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
