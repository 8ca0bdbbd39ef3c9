package dev.coffer.cli;

import dev.coffer.CofferException;
import dev.coffer.ItemEncryptor;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Shared body of encrypt and decrypt: read items, transform each, write them in the same shape. */
abstract class ItemCommand implements Callable<Integer> {
    @ParentCommand
    CofferCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    TableOptions table = new TableOptions();

    @Mixin
    KeyOptions keys = new KeyOptions();

    @Parameters(index = "0", defaultValue = "-", paramLabel = "FILE",
            description = "DynamoDB JSON: {\"Item\":...}, {\"Items\":[...]}, a bare item or JSON Lines; '-' for standard input (default).")
    String input;

    abstract Map<String, AttributeValue> apply(ItemEncryptor encryptor, Map<String, AttributeValue> item);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ItemEncryptor encryptor = ItemEncryptor.create(table.build(keys.provider(err)));
        ItemDocument doc = ItemDocument.read(input, parent.stdin);
        Progress progress = new Progress(err, doc.items.size(), Progress.isTerminal());
        List<Map<String, AttributeValue>> results = new ArrayList<>(doc.items.size());
        for (int i = 0; i < doc.items.size(); i++) {
            try {
                results.add(apply(encryptor, doc.items.get(i)));
            } catch (CofferException e) {
                throw doc.items.size() > 1 ? e.withContext("item " + (i + 1) + ": ") : e;
            }
            progress.step(i + 1);
        }
        // Nothing is printed unless every item succeeded: no partial output.
        doc.withItems(results).write(out);
        return CofferCli.OK;
    }
}
