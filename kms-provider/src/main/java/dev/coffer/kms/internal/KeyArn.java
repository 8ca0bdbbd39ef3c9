package dev.coffer.kms.internal;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A parsed KMS ARN, {@code arn:<partition>:kms:<region>:<account>:<key|alias>/<id>}, with the
 * multi-Region key matching rule: two ARNs of {@code mrk-} keys match when partition, account and
 * key id are equal, whatever their regions (a primary and its replicas). Not API.
 */
public final class KeyArn {
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,32}");

    private final String partition;
    private final String region;
    private final String account;
    private final String resourceType;
    private final String resourceId;

    private KeyArn(String partition, String region, String account, String resourceType, String resourceId) {
        this.partition = partition;
        this.region = region;
        this.account = account;
        this.resourceType = resourceType;
        this.resourceId = resourceId;
    }

    /** The ARN, or empty if {@code s} is not a KMS key or alias ARN. */
    public static Optional<KeyArn> parse(String s) {
        if (s == null || !s.startsWith("arn:")) {
            return Optional.empty();
        }
        String[] p = s.split(":", 6);
        if (p.length != 6 || p[1].isEmpty() || !"kms".equals(p[2]) || !REGION.matcher(p[3]).matches()
                || !ACCOUNT.matcher(p[4]).matches()) {
            return Optional.empty();
        }
        int slash = p[5].indexOf('/');
        if (slash <= 0 || slash == p[5].length() - 1) {
            return Optional.empty();
        }
        String type = p[5].substring(0, slash);
        if (!"key".equals(type) && !"alias".equals(type)) {
            return Optional.empty();
        }
        return Optional.of(new KeyArn(p[1], p[3], p[4], type, p[5].substring(slash + 1)));
    }

    public String partition() {
        return partition;
    }

    public String region() {
        return region;
    }

    public String account() {
        return account;
    }

    /** The key id or alias name (without {@code alias/}). */
    public String resourceId() {
        return resourceId;
    }

    /** Whether this names a key (not an alias). */
    public boolean isKey() {
        return "key".equals(resourceType);
    }

    /** Whether this names a multi-Region key. */
    public boolean isMultiRegionKey() {
        return isKey() && resourceId.startsWith("mrk-");
    }

    /** Exact equality, or for multi-Region keys equality but for the region. */
    public boolean matches(KeyArn other) {
        if (equals(other)) {
            return true;
        }
        return isMultiRegionKey() && other.isMultiRegionKey() && partition.equals(other.partition)
                && account.equals(other.account) && resourceId.equals(other.resourceId);
    }

    /** The same key in another region (meaningful for multi-Region keys). */
    public KeyArn inRegion(String otherRegion) {
        return new KeyArn(partition, otherRegion, account, resourceType, resourceId);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof KeyArn)) {
            return false;
        }
        KeyArn a = (KeyArn) o;
        return partition.equals(a.partition) && region.equals(a.region) && account.equals(a.account)
                && resourceType.equals(a.resourceType) && resourceId.equals(a.resourceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partition, region, account, resourceType, resourceId);
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":kms:" + region + ":" + account + ":" + resourceType + "/" + resourceId;
    }
}
