package dev.coffer.cli;

import dev.coffer.CofferException;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Shared body of encrypt and decrypt: read items, transform each, write them in the shape asked for. */
abstract class ItemCommand implements Callable<Integer> {
    @ParentCommand
    CofferCli parent;

    @Spec
    CommandSpec spec;

    @Mixin
    TableOptions table = new TableOptions();

    @Mixin
    KeyOptions keys = new KeyOptions();

    @Option(names = "--output-shape", paramLabel = "SHAPE", defaultValue = "same",
            description = "How to write the items: same (as the input, the default), bare (one item, no wrapper: "
                    + "for 'aws dynamodb put-item --item file://...'), wrapped ({\"Item\": ...} or {\"Items\": [...]}, "
                    + "as get-item and scan print) or lines (JSON Lines, one bare item per line).")
    String outputShape;

    @Option(names = "--progress", negatable = true,
            description = "Draw a progress bar on standard error. Default: only when standard error is a terminal and "
                    + "there are at least 100 items; --no-progress never draws it.")
    Boolean progress;

    @Parameters(index = "0", arity = "0..1", defaultValue = "-", paramLabel = "FILE",
            description = "DynamoDB JSON: {\"Item\":...}, {\"Items\":[...]}, a bare item or JSON Lines; '-' or "
                    + "nothing for standard input.")
    String input;

    /** The table configuration with what this command adds to it (decrypt: the legacy reader). */
    TableConfig configure(TableConfig config, PrintWriter err) {
        return config;
    }

    abstract Map<String, AttributeValue> apply(ItemEncryptor encryptor, Map<String, AttributeValue> item);

    /** Closes what {@link #configure} opened (decrypt: the meta-store client); called once the command ends. */
    void release() {
    }

    @Override
    public Integer call() {
        try {
            return run();
        } finally {
            release();
        }
    }

    private Integer run() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ItemDocument.Shape requested = ItemDocument.Shape.forOption(outputShape);
        ItemEncryptor encryptor = ItemEncryptor.create(configure(table.build(keys.provider(err, parent), parent), err));
        ItemDocument doc = ItemDocument.read(input, parent);
        ItemDocument.Shape shape = doc.outputShape(requested);
        Progress bar = Progress.forOption(err, doc.items.size(), progress);
        List<Map<String, AttributeValue>> results = new ArrayList<>(doc.items.size());
        try {
            for (int i = 0; i < doc.items.size(); i++) {
                try {
                    results.add(apply(encryptor, doc.items.get(i)));
                } catch (CofferException e) {
                    throw doc.items.size() > 1 ? e.withContext("item " + (i + 1) + ": ") : e;
                }
                bar.step(i + 1);
            }
        } finally {
            // An error is printed after this: on a line of its own, not after the bar.
            bar.endLine();
        }
        // Nothing is printed unless every item succeeded: no partial output.
        doc.withItems(results).write(out, shape);
        return CofferCli.OK;
    }
}
