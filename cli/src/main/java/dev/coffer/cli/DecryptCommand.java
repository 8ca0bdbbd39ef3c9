package dev.coffer.cli;

import dev.coffer.ItemEncryptor;
import java.util.Map;
import picocli.CommandLine.Command;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Verify and decrypt stored items (DynamoDB JSON) from a file or standard input; write plaintext to "
                + "standard output. Nothing is printed unless every item verifies.",
        footer = {"", "Examples:",
            "  aws dynamodb get-item --table-name sessions --key file://key.json | coffer decrypt --keyring keyring.json -t sessions -p user_id -s session_id",
            "  aws dynamodb scan --table-name sessions | coffer decrypt --keyring keyring.json --config sessions.json --output-shape lines",
            "  coffer decrypt --keyring keyring.json --config sessions.json stored.json",
            "  coffer decrypt --kms-key arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab --config sessions.json stored.json",
            "",
            "The config file and --output-shape are as for 'coffer encrypt --help'.",
            "Exit codes: 0 ok; 1 an item failed verification or its keys could not be obtained; 2 usage, configuration",
            "or input error. See docs/cli.md."})
final class DecryptCommand extends ItemCommand {
    @Override
    Map<String, AttributeValue> apply(ItemEncryptor encryptor, Map<String, AttributeValue> item) {
        return encryptor.decrypt(item);
    }
}
