package dev.coffer.cli;

import dev.coffer.kms.KmsProvider;
import dev.coffer.materials.MaterialsProvider;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/** Where keys come from: a local keyring, or AWS KMS. */
final class KeyOptions {
    @Option(names = {"-k", "--keyring"}, paramLabel = "FILE", description = "Local keyring file (from 'coffer keygen').")
    Path keyring;

    @Option(names = "--allow-insecure-keyring",
            description = "Use the keyring even if other users may read or change it (group or other permission bits "
                    + "set). Without it such a keyring is refused; 'chmod 600 FILE' fixes it.")
    boolean allowInsecureKeyring;

    @Option(names = "--kms-key", paramLabel = "ARN",
            description = "AWS KMS key: the first one encrypts; every key ARN listed may decrypt (pinned). Repeatable.")
    List<String> kmsKeys = new ArrayList<>();

    @Option(names = "--kms-discovery-account", paramLabel = "ACCOUNT",
            description = "Decrypt with any KMS key of this AWS account (opt-in discovery; weaker than pinning). Repeatable.")
    List<String> discoveryAccounts = new ArrayList<>();

    @Option(names = "--kms-region", paramLabel = "REGION",
            description = "KMS region; default: the region in the first key ARN, else the AWS default region (AWS_REGION).")
    String kmsRegion;

    @Option(names = "--kms-endpoint", paramLabel = "URL",
            description = "KMS endpoint override (a VPC endpoint, LocalStack, or a test server).")
    String kmsEndpoint;

    MaterialsProvider provider(PrintWriter err, CofferCli cli) {
        boolean kms = !kmsKeys.isEmpty() || !discoveryAccounts.isEmpty();
        if (keyring != null && kms) {
            throw new UsageError("choose one key source: --keyring or --kms-key/--kms-discovery-account, not both");
        }
        if (keyring != null) {
            return Keyrings.load(cli.resolve(keyring), err, allowInsecureKeyring);
        }
        if (kms) {
            return kmsProvider();
        }
        throw new UsageError("no keys given: pass --keyring FILE (create one with 'coffer keygen --out FILE') "
                + "or --kms-key ARN");
    }

    private MaterialsProvider kmsProvider() {
        for (String k : kmsKeys) {
            if (k.startsWith("arn:") && regionOf(k) == null) {
                throw new UsageError("--kms-key '" + k + "' is not a KMS key or alias ARN "
                        + "(arn:aws:kms:REGION:ACCOUNT:key/ID or arn:aws:kms:REGION:ACCOUNT:alias/NAME)");
            }
        }
        KmsClient kms = kmsClient(kmsKeys, "--kms-key");
        KmsProvider.Builder b = KmsProvider.builder().kmsClient(kms);
        if (!kmsKeys.isEmpty()) {
            b.encryptionKey(kmsKeys.get(0));
        }
        if (!discoveryAccounts.isEmpty()) {
            b.discovery(PartitionMetadata.of("aws"), discoveryAccounts);
        } else {
            List<String> arns = new ArrayList<>();
            for (String k : kmsKeys) {
                if (k.startsWith("arn:") && k.contains(":key/")) {
                    arns.add(k);
                }
            }
            b.decryptionKeys(arns);
        }
        return b.build();
    }

    /**
     * A KMS client for {@code keys} (ARNs given with {@code flag}): region from --kms-region, else the
     * first ARN's; endpoint from --kms-endpoint. Shared by the Coffer keys and the legacy keys.
     */
    KmsClient kmsClient(List<String> keys, String flag) {
        KmsClientBuilder client = KmsClient.builder();
        String region = kmsRegion != null ? kmsRegion : keys.stream().map(KeyOptions::regionOf)
                .filter(r -> r != null).findFirst().orElse(null);
        if (region != null) {
            // An endpoint override (a test server, LocalStack) may play any region; AWS itself has a known list.
            if (kmsEndpoint == null && !Region.regions().contains(Region.of(region))) {
                throw new UsageError((kmsRegion != null ? "--kms-region" : "the region of the first " + flag) + " '"
                        + region + "' is not an AWS region this SDK knows (for example us-east-1, eu-west-1); check it");
            }
            client.region(Region.of(region));
        }
        if (kmsEndpoint != null) {
            try {
                client.endpointOverride(new URI(kmsEndpoint));
            } catch (URISyntaxException e) {
                throw new UsageError("--kms-endpoint '" + kmsEndpoint + "' is not a URL");
            }
        }
        try {
            return client.build();
        } catch (SdkClientException e) {
            throw new UsageError("cannot create a KMS client: the SDK said \"" + e.getMessage() + "\". Pass --kms-region "
                    + "(or a key ARN as the first " + flag + "), or set AWS_REGION");
        }
    }

    /** The region of a KMS ARN (arn:partition:kms:region:account:key/id), or null. */
    static String regionOf(String keyId) {
        String[] parts = keyId.split(":", 6);
        return parts.length == 6 && parts[0].equals("arn") && parts[2].equals("kms") && !parts[3].isEmpty() ? parts[3] : null;
    }
}
