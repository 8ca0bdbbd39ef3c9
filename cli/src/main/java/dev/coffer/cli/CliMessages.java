package dev.coffer.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The library's messages in the CLI's words. Core, the KMS provider and the keyring's provider
 * explain a failure in terms of their Java builders ({@code set tableName(...)},
 * {@code addWrappingKey(...)}); a CLI user has flags and config-file fields instead. Each rule
 * rewrites one such phrase; {@code CliMessagesTest} drives every failure the CLI can reach through
 * the real entry point and checks no Java method name is left.
 */
final class CliMessages {
    private record Rule(Pattern pattern, String replacement) {
        static Rule literal(String phrase, String replacement) {
            return new Rule(Pattern.compile(Pattern.quote(phrase)), Matcher.quoteReplacement(replacement));
        }

        static Rule regex(String regex, String replacement) {
            return new Rule(Pattern.compile(regex), replacement);
        }
    }

    private static final List<Rule> RULES = List.of(
            // TableConfig (core)
            Rule.literal("table configuration: set tableName(...) to the DynamoDB table name",
                    "no table name: pass -t/--table NAME (or \"table\" in the --config file)"),
            Rule.literal("set partitionKey(...) to the table's partition key attribute",
                    "no partition key: pass -p/--partition-key ATTR (or \"partition_key\" in the --config file)"),
            Rule.literal("the logical table name must not be empty; leave it unset to use the table name",
                    "--logical-table (\"logical_table\") must not be empty; leave it out to use the table name"),
            Rule.literal("the sort key name must not be empty; leave it unset if the table has none",
                    "-s/--sort-key (\"sort_key\") must not be empty; leave it out if the table has none"),
            Rule.literal("remove it from allowedUnsignedAttributes",
                    "remove it from --allow-unsigned (\"allowed_unsigned\")"),
            Rule.literal("an empty allowedUnsignedPrefix would accept every attribute unsigned; give such attributes the "
                    + "DO_NOTHING action instead (defaultAction(DO_NOTHING), or @DoNothing on a bean property)",
                    "an empty --allow-unsigned-prefix (\"allowed_unsigned_prefix\") would accept every attribute "
                            + "unsigned; give such attributes the DO_NOTHING action instead (--do-nothing ATTR, or "
                            + "--default-action DO_NOTHING)"),
            Rule.regex("starts with allowedUnsignedPrefix '", "starts with --allow-unsigned-prefix '"),
            Rule.regex("Remove the ENCRYPT_AND_SIGN action for '([^']*)'",
                    "Remove '$1' from --encrypt (or its ENCRYPT_AND_SIGN entry under \"actions\" in the --config file)"),
            Rule.regex("Remove the DO_NOTHING action for '([^']*)'",
                    "Remove '$1' from --do-nothing (or its DO_NOTHING entry under \"actions\" in the --config file)"),
            // ItemCodec (core), on decrypt
            Rule.literal("If it is meant to be unsigned, declare it DO_NOTHING or accept it with "
                    + "allowedUnsignedAttributes/allowedUnsignedPrefix",
                    "If it is meant to be unsigned, pass --do-nothing ATTR, or accept it with --allow-unsigned ATTR "
                            + "or --allow-unsigned-prefix PREFIX (config: \"actions\", \"allowed_unsigned\", "
                            + "\"allowed_unsigned_prefix\")"),
            // WrappedProvider (core): the keyring
            Rule.literal("; add that key with addWrappingKey(...)",
                    "; decrypt with the keyring that wrote the item ('coffer keygen --rotate' keeps earlier keys, "
                            + "--force drops them)"),
            Rule.literal("; add that key with addSigningKey(...)",
                    "; decrypt with the keyring that wrote the item ('coffer keygen --rotate' keeps earlier keys, "
                            + "--force drops them)"),
            Rule.regex("not by a wrapped key; configure that provider for this table",
                    "not by a keyring; decrypt it with the key source that wrote it (--kms-key ARN for provider 'kms')"),
            Rule.regex("not by KMS; configure that provider for this table",
                    "not by KMS; decrypt it with the key source that wrote it (--keyring FILE for provider 'wrapped')"),
            // The ECDSA suite (issue 16)
            Rule.literal("open a migration window with acceptHmacOnlyItems(true) (docs/SECURITY.md)",
                    "pass --accept-hmac-only-items (\"accept_hmac_only_items\") during the migration only "
                            + "(docs/SECURITY.md)"),
            Rule.regex("acceptHmacOnlyItems\\(true\\) only applies to a table configured with "
                    + "algorithmSuite\\(AES_GCM_HMAC_SHA256_ECDSA_P256\\); a table on the HMAC suite reads HMAC-only "
                    + "items anyway\\. Remove acceptHmacOnlyItems, or set the asymmetric suite",
                    "--accept-hmac-only-items only applies with --suite ecdsa; a table on --suite hmac reads hmac items "
                            + "anyway"),
            Rule.literal("; give writers addSignatureKeyPair(id, keyPair)",
                    "; encrypt with a keyring made by 'coffer keygen --signature-key-pair' (a --reader-copy keyring "
                            + "cannot sign)"),
            Rule.literal("; add the writers' public key with addVerificationKey(id, publicKey)",
                    "; decrypt with a keyring that holds the writers' public key ('coffer keygen --reader-copy')"),
            Rule.regex("give the local provider signatureKeyPair\\(\\.\\.\\.\\), or use a provider that generates "
                    + "one \\(KMS, caching over KMS\\)",
                    "encrypt with a keyring made by 'coffer keygen --signature-key-pair', or with --kms-key"),
            Rule.literal("configure the writer's public key in the provider (verificationKey(...))",
                    "decrypt with a keyring that holds the writers' public key ('coffer keygen --reader-copy')"),
            // The legacy reader (coffer-legacy), on decrypt and reencrypt with --legacy-* options
            Rule.literal("; add them to LegacyKeys.combine(...)",
                    "; pass them too: --legacy-kms-key ARN (direct KMS), --legacy-meta-store TABLE (most recent) or "
                            + "--legacy-keys FILE (static and wrapped)"),
            Rule.literal("; add the key it was written with to LegacyKeys.directKms(...)",
                    "; pass the key it was written with as another --legacy-kms-key (--legacy-meta-store-kms-key for "
                            + "the meta-store)"),
            // KmsProvider and its errors
            Rule.literal("set encryptionKey(...) to write items", "pass --kms-key ARN to encrypt"),
            Rule.literal("If the key is legitimate, add its ARN with decryptionKeys(...)",
                    "If the key is legitimate, pass its ARN with another --kms-key"),
            Rule.literal("If the key is legitimate, allow its account with discovery(...)",
                    "If the key is legitimate, pass its account with --kms-discovery-account"),
            Rule.literal("add its account to discovery(...)", "pass its account with --kms-discovery-account"),
            Rule.literal("list the key ARN(s) it resolves to with decryptionKeys(...), or use the key ARN as "
                    + "encryptionKey",
                    "pass the key ARN(s) it resolves to with further --kms-key options, or give the key ARN as the "
                            + "first --kms-key"),
            Rule.literal("nothing to decrypt with: set encryptionKey(...) to a key ARN, decryptionKeys(...) to the "
                    + "key ARNs to trust, or discovery(...)",
                    "nothing to decrypt with: pass --kms-key ARN (repeatable) or --kms-discovery-account ACCOUNT"),
            Rule.regex("; use a key \\(or multi-Region replica\\) in ([a-z0-9-]+), or kmsClientSupplier\\(\\.\\.\\.\\)",
                    "; use a key (or multi-Region replica) in $1, or pass --kms-region with the key's region"),
            Rule.literal("; use kmsClientSupplier(...) to reach other regions",
                    "; the CLI reaches one region per run: decrypt that region's items in another run with --kms-region"),
            Rule.literal(" (other regions need kmsClientSupplier, or a multi-Region key)",
                    " (other regions need another run with --kms-region)"),
            Rule.regex("encryptionKey '", "--kms-key '"),
            Rule.literal("encryptionKey must not be empty", "--kms-key must not be empty"),
            Rule.literal("or use the key ARN as encryptionKey", "or give the key ARN as the first --kms-key"),
            Rule.literal(" but the KmsClient is for ", " but this run's KMS region (--kms-region, else the first key's) is "),
            Rule.literal("set either decryptionKeys(...) (strict) or discovery(...), not both",
                    "pass either --kms-key ARNs to trust (strict) or --kms-discovery-account, not both"),
            Rule.literal("the KmsClient has no region; build it with .region(...)",
                    "no KMS region: pass --kms-region or a key ARN, or set AWS_REGION"),
            Rule.literal(" (in the key policy, an IAM policy, or a grant; pass a new grant's token with grantTokens(...)).",
                    " (in the key policy, an IAM policy, or a grant)."),
            Rule.literal(", or cache data keys with CachingProvider.", "."),
            Rule.literal("Check the network path to KMS, or raise apiCallTimeout/apiCallAttemptTimeout on the KmsClient.",
                    "Check the network path to KMS and --kms-endpoint, then retry."),
            Rule.literal(", or give the KmsClient a credentials provider.", "."),
            Rule.literal("Check the ARN and the KMS client's region.", "Check the ARN and --kms-region."),
            Rule.literal("Check the network path, the KMS endpoint and the region.",
                    "Check the network path, --kms-endpoint and --kms-region."));

    private CliMessages() {
    }

    /** {@code message} with every Java-API phrase the CLI knows replaced by the flag or config field to use. */
    static String translate(String message) {
        String m = message;
        for (Rule r : RULES) {
            m = r.pattern.matcher(m).replaceAll(r.replacement);
        }
        return m;
    }
}
