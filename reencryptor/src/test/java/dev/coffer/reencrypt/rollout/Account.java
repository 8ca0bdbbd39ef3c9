package dev.coffer.reencrypt.rollout;

import dev.coffer.enhanced.DoNothing;
import dev.coffer.enhanced.SignOnly;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/** The rollout's record: owner and balance encrypted, status sign-only, last login do-nothing. */
@DynamoDbBean
public class Account {
    private String id;
    private String owner;
    private Long balance;
    private String status;
    private Long lastLogin;

    public Account() {
    }

    public Account(String id, String owner, long balance, String status, long lastLogin) {
        this.id = id;
        this.owner = owner;
        this.balance = balance;
        this.status = status;
        this.lastLogin = lastLogin;
    }

    @DynamoDbPartitionKey
    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getOwner() {
        return owner;
    }

    public void setOwner(String owner) {
        this.owner = owner;
    }

    public Long getBalance() {
        return balance;
    }

    public void setBalance(Long balance) {
        this.balance = balance;
    }

    @SignOnly
    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    @DoNothing
    public Long getLastLogin() {
        return lastLogin;
    }

    public void setLastLogin(Long lastLogin) {
        this.lastLogin = lastLogin;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Account a && Objects.equals(id, a.id) && Objects.equals(owner, a.owner)
                && Objects.equals(balance, a.balance) && Objects.equals(status, a.status)
                && Objects.equals(lastLogin, a.lastLogin);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, owner, balance, status, lastLogin);
    }

    @Override
    public String toString() {
        return "Account{" + id + "}";
    }
}
