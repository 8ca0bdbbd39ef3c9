package dev.coffer.enhanced.readme;

// The README's bean, compiled, imports included: ReadmeExampleTest checks README.md and
// docs/enhanced-client.md show exactly this text.
// README-BEGIN bean
import dev.coffer.enhanced.SignOnly;                 // Coffer's annotations: dev.coffer.enhanced
import dev.coffer.enhanced.TimeToLive;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

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
