package dev.coffer.kms.internal;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/**
 * Discovery: reads trust any key of the allowed AWS accounts in one partition, and KMS is asked
 * with the key the item names. With one client (a home region) only keys of that region are
 * usable, and a multi-Region key of another region through its replica there; with a per-region
 * client supplier only regions the SDK knows are accepted. Opt-in and weaker than pinning (see
 * {@link dev.coffer.kms.KmsProvider.Builder#discovery}). Immutable and thread-safe. Not API.
 */
public final class DiscoveryKeyTrust implements KeyTrust {
    private static final Set<String> KNOWN_REGIONS = Region.regions().stream().map(Region::id)
            .collect(Collectors.toUnmodifiableSet());

    private final String partition;
    private final Set<String> accounts;
    private final String homeRegion;

    /**
     * @param homeRegion the single client's region, or null when clients come from a per-region
     *     supplier
     */
    public DiscoveryKeyTrust(String partition, Collection<String> accounts, String homeRegion) {
        this.partition = partition;
        this.accounts = Collections.unmodifiableSet(new LinkedHashSet<>(accounts));
        this.homeRegion = homeRegion;
    }

    public String partition() {
        return partition;
    }

    public Set<String> accounts() {
        return accounts;
    }

    @Override
    public Optional<KeyArn> decryptionKey(KeyArn itemKey) {
        if (!partition.equals(itemKey.partition()) || !accounts.contains(itemKey.account())) {
            return Optional.empty();
        }
        if (homeRegion != null && !homeRegion.equals(itemKey.region())) {
            // One client, one region: only a multi-Region key can be used there, through its replica.
            return itemKey.isMultiRegionKey() ? Optional.of(itemKey.inRegion(homeRegion)) : Optional.empty();
        }
        // With a per-region supplier the item's header would pick the region a client is made for:
        // accept only regions the SDK knows, so a forged header cannot make the provider create and
        // keep clients for made-up regions.
        return homeRegion != null || KNOWN_REGIONS.contains(itemKey.region()) ? Optional.of(itemKey) : Optional.empty();
    }

    @Override
    public List<KeyArn> keys() {
        return List.of();
    }

    @Override
    public String describe() {
        return "discovery trusts keys of accounts " + accounts + " in partition " + partition
                + (homeRegion == null ? "" : " reachable from region " + homeRegion + " (other regions need "
                        + "kmsClientSupplier, or a multi-Region key)");
    }

    @Override
    public String remedy() {
        return "If the key is legitimate, allow its account with discovery(...)";
    }

    @Override
    public String summary() {
        return "discovery=" + partition + ":" + accounts;
    }
}
