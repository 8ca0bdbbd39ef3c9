package dev.coffer.cli;

import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Verify and decrypt stored items (DynamoDB JSON) from a file or standard input; write plaintext to "
                + "standard output. Nothing is printed unless every item verifies.",
        footer = {"", "Examples:",
            "  aws dynamodb get-item --table-name sessions --key file://key.json | coffer decrypt --keyring keyring.json -t sessions -p user_id -s session_id",
            "  aws dynamodb scan --table-name sessions | coffer decrypt --keyring keyring.json --config sessions.json --output-shape lines",
            "  coffer decrypt --keyring keyring.json --config sessions.json stored.json",
            "  coffer decrypt --kms-key arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab --config sessions.json stored.json",
            "  coffer decrypt --keyring keyring.json --config accounts.json --legacy-kms-key arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab stored.json",
            "",
            "The config file and --output-shape are as for 'coffer encrypt --help'. Items of the legacy DynamoDB",
            "Encryption Client are read with the --legacy-* options (docs/cli.md, \"Legacy tables\").",
            "Exit codes: 0 ok; 1 an item failed verification or its keys could not be obtained; 2 usage, configuration",
            "or input error. See docs/cli.md."})
final class DecryptCommand extends ItemCommand {
    @Mixin
    LegacyOptions legacy = new LegacyOptions();

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "DynamoDB endpoint the legacy meta-store (--legacy-meta-store) is read from; on 127.0.0.1 or "
                    + "localhost dummy credentials are sent. Default: the AWS SDK's default region and credentials.")
    URI endpointUrl;

    private DynamoDbClient metaStoreClient;

    @Override
    void release() {
        if (metaStoreClient != null) {
            metaStoreClient.close();
            metaStoreClient = null;
        }
    }

    @Override
    TableConfig configure(TableConfig config, PrintWriter err) {
        // The client lives as long as the command: the meta-store is read while items are decrypted (release() closes it).
        return legacy.apply(config, table, keys, parent, err, () -> {
            if (metaStoreClient == null) {
                metaStoreClient = ReencryptCommand.client(endpointUrl);
            }
            return metaStoreClient;
        });
    }

    @Override
    Map<String, AttributeValue> apply(ItemEncryptor encryptor, Map<String, AttributeValue> item) {
        return encryptor.decrypt(item);
    }
}
