package dev.coffer.cli;

import dev.coffer.ItemEncryptor;
import java.util.Map;
import picocli.CommandLine.Command;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = "Encrypt and sign items (DynamoDB JSON) from a file or standard input; write them to standard output.",
        footer = {"", "Examples:",
            "  coffer encrypt --keyring keyring.json -t sessions -p user_id -s session_id --sign-only status item.json",
            "  coffer encrypt --keyring keyring.json --config sessions.json - < items.jsonl > encrypted.jsonl",
            "  coffer encrypt --kms-key arn:aws:kms:us-east-1:111122223333:key/1234abcd-... --config sessions.json item.json",
            "", "Config file: {\"table\":\"sessions\",\"partition_key\":\"user_id\",\"sort_key\":\"session_id\",",
            "              \"actions\":{\"status\":\"SIGN_ONLY\"},\"default_action\":\"ENCRYPT_AND_SIGN\"}"})
final class EncryptCommand extends ItemCommand {
    @Override
    Map<String, AttributeValue> apply(ItemEncryptor encryptor, Map<String, AttributeValue> item) {
        return encryptor.encrypt(item);
    }
}
