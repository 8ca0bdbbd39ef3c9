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
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/** Where keys come from: a local keyring, or AWS KMS. */
final class KeyOptions {
    @Option(names = {"-k", "--keyring"}, paramLabel = "FILE", description = "Local keyring file (from 'coffer keygen').")
    Path keyring;

    @Option(names = "--kms-key", paramLabel = "ARN",
            description = "AWS KMS key: the first one encrypts; every one listed may decrypt (pinned). Repeatable.")
    List<String> kmsKeys = new ArrayList<>();

    @Option(names = "--kms-discovery-account", paramLabel = "ACCOUNT",
            description = "Decrypt with any KMS key of this AWS account (opt-in discovery; weaker than pinning). Repeatable.")
    List<String> discoveryAccounts = new ArrayList<>();

    @Option(names = "--kms-region", paramLabel = "REGION",
            description = "KMS region; default: the region in the key ARN, else the AWS default region.")
    String kmsRegion;

    @Option(names = "--kms-endpoint", paramLabel = "URL",
            description = "KMS endpoint override (a VPC endpoint, LocalStack, or a test server).")
    String kmsEndpoint;

    MaterialsProvider provider(PrintWriter err) {
        boolean kms = !kmsKeys.isEmpty() || !discoveryAccounts.isEmpty();
        if (keyring != null && kms) {
            throw new UsageError("choose one key source: --keyring or --kms-key, not both");
        }
        if (keyring != null) {
            return Keyring.load(keyring, err);
        }
        if (kms) {
            return kmsProvider();
        }
        throw new UsageError("no keys given: pass --keyring FILE (create one with 'coffer keygen --out FILE') "
                + "or --kms-key ARN");
    }

    private MaterialsProvider kmsProvider() {
        KmsClientBuilder client = KmsClient.builder();
        String region = kmsRegion != null ? kmsRegion : kmsKeys.stream().map(KeyOptions::regionOf)
                .filter(r -> r != null).findFirst().orElse(null);
        if (region != null) {
            client.region(Region.of(region));
        }
        if (kmsEndpoint != null) {
            try {
                client.endpointOverride(new URI(kmsEndpoint));
            } catch (URISyntaxException e) {
                throw new UsageError("--kms-endpoint '" + kmsEndpoint + "' is not a URL");
            }
        }
        KmsClient kms;
        try {
            kms = client.build();
        } catch (SdkClientException e) {
            throw new UsageError("cannot create a KMS client: " + e.getMessage()
                    + " (pass --kms-region, or a key ARN, and make AWS credentials available)");
        }
        KmsProvider.Builder b = KmsProvider.builder().kmsClient(kms);
        if (!kmsKeys.isEmpty()) {
            b.encryptionKey(kmsKeys.get(0));
            List<String> arns = new ArrayList<>();
            for (String k : kmsKeys) {
                if (k.startsWith("arn:") && k.contains(":key/")) {
                    arns.add(k);
                }
            }
            b.decryptionKeys(arns);
        }
        if (!discoveryAccounts.isEmpty()) {
            b.discovery("aws", discoveryAccounts);
        }
        return b.build();
    }

    /** The region of a KMS ARN (arn:partition:kms:region:account:key/id), or null. */
    static String regionOf(String keyId) {
        String[] parts = keyId.split(":", 6);
        return parts.length == 6 && parts[0].equals("arn") && parts[2].equals("kms") && !parts[3].isEmpty() ? parts[3] : null;
    }
}
