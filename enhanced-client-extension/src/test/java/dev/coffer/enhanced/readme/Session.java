package dev.coffer.enhanced.readme;

import dev.coffer.enhanced.SignOnly;
import dev.coffer.enhanced.TimeToLive;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

// The README's bean, compiled: ReadmeExampleTest checks docs/enhanced-client.md shows exactly this text.
// README-BEGIN bean
@DynamoDbBean
public class Session {
    private String userId, sessionId, token, status;
    private Long expiresAt;

    @DynamoDbPartitionKey public String getUserId() { return userId; }    // keys: plaintext, signed
    public void setUserId(String v) { userId = v; }
    @DynamoDbSortKey public String getSessionId() { return sessionId; }
    public void setSessionId(String v) { sessionId = v; }
    public String getToken() { return token; }                            // default: encrypted and signed
    public void setToken(String v) { token = v; }
    @SignOnly public String getStatus() { return status; }                 // readable and queryable, signed
    public void setStatus(String v) { status = v; }
    @TimeToLive public Long getExpiresAt() { return expiresAt; }           // plaintext number DynamoDB expires on
    public void setExpiresAt(Long v) { expiresAt = v; }
}
// README-END bean
