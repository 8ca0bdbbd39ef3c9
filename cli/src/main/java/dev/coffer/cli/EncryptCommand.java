package dev.coffer.cli;

import dev.coffer.ItemEncryptor;
import java.util.Map;
import picocli.CommandLine.Command;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Command(name = "encrypt", mixinStandardHelpOptions = true,
        description = "Encrypt and sign items (DynamoDB JSON) from a file or standard input; write them to standard output. "
                + "Nothing is printed unless every item is encrypted.",
        footer = {"", "Examples:",
            "  coffer encrypt --keyring keyring.json -t sessions -p user_id -s session_id --sign-only status item.json",
            "  coffer encrypt --keyring keyring.json --config sessions.json --output-shape bare item.json > put.json",
            "  aws dynamodb put-item --table-name sessions --item file://put.json",
            "  coffer encrypt --keyring keyring.json --config sessions.json --output-shape lines items.jsonl > encrypted.jsonl",
            "  coffer encrypt --kms-key arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab --config sessions.json item.json",
            "",
            "Output shapes (--output-shape) and what each feeds:",
            "  same     the input's shape (the default)",
            "  bare     one item, no wrapper:      aws dynamodb put-item --table-name T --item file://out.json",
            "  wrapped  {\"Item\": {...}}:           aws dynamodb put-item --table-name T --cli-input-json file://out.json",
            "           {\"Items\": [...]} (2+ items): the shape scan and query print; coffer decrypt and inspect read it",
            "  lines    one bare item per line:    while read -r i; do aws dynamodb put-item --table-name T --item \"$i\"; done < out.jsonl",
            "",
            "Config file (--config); every field is optional and flags win:",
            "  {\"table\": \"sessions\", \"logical_table\": \"sessions\", \"partition_key\": \"user_id\", \"sort_key\": \"session_id\",",
            "   \"actions\": {\"status\": \"SIGN_ONLY\", \"expires_at\": \"SIGN_ONLY\", \"hits\": \"DO_NOTHING\"},",
            "   \"default_action\": \"ENCRYPT_AND_SIGN\", \"allowed_unsigned\": [\"etag\"], \"allowed_unsigned_prefix\": \"tmp_\"}",
            "",
            "Exit codes: 0 ok; 1 keys could not be obtained; 2 usage, configuration or input error. See docs/cli.md."})
final class EncryptCommand extends ItemCommand {
    @Override
    Map<String, AttributeValue> apply(ItemEncryptor encryptor, Map<String, AttributeValue> item) {
        return encryptor.encrypt(item);
    }
}
