package dev.coffer.cli;

import dev.coffer.AlgorithmSuite;
import dev.coffer.CryptoAction;
import dev.coffer.DynamoDbValues;
import dev.coffer.IntegrityException;
import dev.coffer.ItemDescription;
import dev.coffer.InvalidItemException;
import dev.coffer.ItemEncryptor;
import dev.coffer.legacy.LegacyItemReader;
import dev.coffer.materials.spi.MaterialsDescription;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show what protects stored items, without keys and without decrypting: format version, suite, "
                + "provider, key id or version, the signed attributes and their actions, and sizes. Verifies nothing. "
                + "Items of the legacy DynamoDB Encryption Client are recognised and their material description shown. "
                + "An item without a Coffer header (or legacy signature) is reported as not a Coffer item (exit code 2).",
        footer = {"", "Examples:",
            "  coffer inspect stored-item.json",
            "  aws dynamodb scan --table-name sessions | coffer inspect",
            "",
            "Exit codes: 0 every item is a Coffer item; 2 an item is not (no coffer_head), or usage or input error;",
            "1 a header is malformed. See docs/cli.md."})
final class InspectCommand implements Callable<Integer> {
    @ParentCommand
    CofferCli parent;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "-", paramLabel = "FILE",
            description = "Stored items in DynamoDB JSON; '-' or nothing for standard input.")
    String input;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ItemDocument doc = ItemDocument.read(input, parent);
        List<String> notCoffer = new ArrayList<>();
        for (int i = 0; i < doc.items.size(); i++) {
            if (!isCofferItem(doc.items.get(i)) && !isLegacyItem(doc.items.get(i))) {
                notCoffer.add("item " + (i + 1));
            }
        }
        if (notCoffer.size() == doc.items.size()) {
            throw new UsageError((doc.items.size() == 1 ? "the input is not a Coffer item"
                    : "none of the " + doc.items.size() + " items is a Coffer item") + ": " + NOT_COFFER
                    + "; inspect describes items Coffer wrote");
        }
        for (int i = 0; i < doc.items.size(); i++) {
            if (i > 0) {
                out.println();
            }
            String label = doc.items.size() > 1 ? "item " + (i + 1) : "item";
            if (isCofferItem(doc.items.get(i))) {
                describe(doc.items.get(i), label, out);
            } else if (isLegacyItem(doc.items.get(i))) {
                describeLegacy(doc.items.get(i), label, out);
            } else {
                out.println(label + ": not a Coffer item: " + NOT_COFFER);
            }
        }
        out.println();
        out.println("Nothing above is verified: inspect reads headers without keys. 'coffer decrypt' verifies.");
        out.flush();
        if (!notCoffer.isEmpty()) {
            throw new UsageError(notCoffer.size() + " of " + doc.items.size() + " items are not Coffer items ("
                    + String.join(", ", notCoffer) + "); the others are described on standard output");
        }
        return CofferCli.OK;
    }

    private static final String NOT_COFFER = "it has no binary '" + ItemEncryptor.HEADER_ATTRIBUTE + "' attribute "
            + "(it was written without Coffer, or the read that fetched it left the header out)";

    private static boolean isCofferItem(Map<String, AttributeValue> item) {
        AttributeValue h = item.get(ItemEncryptor.HEADER_ATTRIBUTE);
        return h != null && h.b() != null;
    }

    private static boolean isLegacyItem(Map<String, AttributeValue> item) {
        return item.containsKey(LegacyItemReader.DEFAULT_SIGNATURE_ATTRIBUTE)
                || item.containsKey(LegacyItemReader.DEFAULT_DESCRIPTION_ATTRIBUTE);
    }

    /**
     * A legacy DynamoDB Encryption Client item: its (unsigned) material description and sizes. The
     * legacy format does not record which attributes were encrypted, so none are listed as such.
     */
    private static void describeLegacy(Map<String, AttributeValue> item, String label, PrintWriter out) {
        Map<String, String> description;
        try {
            description = LegacyItemReader.materialDescription(item);
        } catch (InvalidItemException e) {
            throw new IntegrityException(label + ": " + e.getMessage());
        }
        AttributeValue sig = item.get(LegacyItemReader.DEFAULT_SIGNATURE_ATTRIBUTE);
        out.println(label + ": legacy DynamoDB Encryption Client item (read it with coffer-legacy; docs/legacy.md)");
        out.println("  material description (not signed by the legacy format):");
        if (description.isEmpty()) {
            out.println("    (none: a static provider without description)");
        }
        description.forEach((k, v) -> out.printf("    %-26s %s%n", k,
                k.equals("amzn-ddb-env-key") ? "(wrapped key, " + v.length() + " base64 characters)" : v));
        row(out, "signature", sig == null || sig.b() == null ? "MISSING" : sig.b().asByteArrayUnsafe().length + " B");
        row(out, "sizes", "whole item " + DynamoDbValues.itemSize(item) + " B (DynamoDB size; limit "
                + DynamoDbValues.MAX_ITEM_SIZE + ")");
        TreeSet<String> names = new TreeSet<>(item.keySet());
        names.removeAll(List.of(LegacyItemReader.DEFAULT_SIGNATURE_ATTRIBUTE, LegacyItemReader.DEFAULT_DESCRIPTION_ATTRIBUTE));
        out.println("  attributes (which were encrypted or signed is not recorded in legacy items): " + String.join(", ", names));
    }

    private static void describe(Map<String, AttributeValue> item, String label, PrintWriter out) {
        ItemDescription header;
        try {
            header = ItemDescription.of(item);
        } catch (IntegrityException e) {
            throw new IntegrityException(label + ": " + e.getMessage());
        }
        MaterialsDescription d = header.materials();
        out.println(label);
        row(out, "format version", Integer.toString(header.formatVersion()));
        row(out, "suite", String.format("0x%02x (%s)", header.suite(), AlgorithmSuite.of(header.suite())
                .map(AlgorithmSuite::description).orElse("a suite this release does not know")));
        row(out, "item id", header.itemIdHex());
        row(out, "provider", d.providerId());
        row(out, "key id", d.keyId().isEmpty() ? "(none)" : d.keyId());
        List<String> params = new ArrayList<>();
        d.parameters().forEach((k, v) -> params.add(k + "=" + v));
        row(out, "parameters", params.isEmpty() ? "(none)" : String.join(", ", params));
        row(out, "wrapped data key", d.wrappedKeyLength() == 0 ? "(none)" : d.wrappedKeyLength() + " bytes");
        row(out, "key commitment", header.keyCommitmentHex());
        row(out, "sizes", "header " + header.headerLength() + " B, signature "
                + (header.signatureLength().isEmpty() ? "MISSING" : header.signatureLength().getAsInt() + " B")
                + ", whole item " + DynamoDbValues.itemSize(item) + " B (DynamoDB size; limit "
                + DynamoDbValues.MAX_ITEM_SIZE + ")");
        out.println("  signed attributes, in signing order:");
        out.printf("    %-18s %-24s %s%n", "action", "attribute", "stored");
        TreeSet<String> unsigned = new TreeSet<>(item.keySet());
        unsigned.remove(ItemEncryptor.HEADER_ATTRIBUTE);
        unsigned.remove(ItemEncryptor.SIGNATURE_ATTRIBUTE);
        for (ItemDescription.LegendEntry entry : header.legend()) {
            CryptoAction action = entry.action();
            List<String> names = entry.attributeNames();
            names.forEach(unsigned::remove);
            String name;
            String stored;
            if (names.isEmpty()) {
                name = String.format("(fingerprint %08x)", entry.fingerprint());
                stored = "MISSING (decrypt will fail)";
            } else if (names.size() > 1) {
                name = String.join(" or ", names);
                stored = "ambiguous: decrypt tries each";
            } else {
                name = names.get(0);
                AttributeValue v = item.get(name);
                if (action == CryptoAction.ENCRYPT_AND_SIGN) {
                    stored = v.b() == null ? "not binary (decrypt will fail)"
                            : "ciphertext, " + v.b().asByteArrayUnsafe().length + " B";
                } else {
                    stored = v.type() + ", " + DynamoDbValues.size(v) + " B, plaintext";
                }
            }
            out.printf("    %-18s %-24s %s%n", action, name, stored);
        }
        out.println("  unsigned attributes: " + (unsigned.isEmpty() ? "(none)" : String.join(", ", unsigned)));
    }

    private static void row(PrintWriter out, String name, String value) {
        out.printf("  %-18s %s%n", name, value);
    }
}
