package dev.coffer.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.coffer.json.DynamoDbJson;
import dev.coffer.json.DynamoDbJsonException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items read from a file or standard input in the shapes the AWS CLI prints, written back in the
 * same shape or the one {@code --output-shape} asks for: {@code {"Item": {...}}} (get-item),
 * {@code {"Items": [...]}} (scan, query), a bare item (put-item's {@code --item}), or JSON Lines
 * with one item per line.
 */
final class ItemDocument {
    /** The shape of the input. */
    enum Shape {
        ITEM, ITEMS, BARE, LINES;

        /** The value of {@code --output-shape}: {@code null} for "same as the input". */
        static Shape forOption(String option) {
            switch (option.toLowerCase(Locale.ROOT)) {
                case "same": return null;
                case "bare": return BARE;
                case "wrapped": return ITEM;
                case "lines": return LINES;
                default:
                    throw new UsageError("--output-shape '" + option + "' is not a shape; use same, bare, wrapped or lines");
            }
        }
    }

    /**
     * Numbers are kept exactly as written (never through a double), and duplicate keys are refused:
     * for items, config files and keyrings alike.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    final Shape shape;
    final List<Map<String, AttributeValue>> items;

    private ItemDocument(Shape shape, List<Map<String, AttributeValue>> items) {
        this.shape = shape;
        this.items = items;
    }

    ItemDocument withItems(List<Map<String, AttributeValue>> replaced) {
        return new ItemDocument(shape, replaced);
    }

    static ItemDocument read(String source, CofferCli cli) {
        String text;
        String where = "-".equals(source) ? "standard input" : source;
        try {
            text = "-".equals(source) ? new String(cli.stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(cli.resolve(Path.of(source)));
        } catch (NoSuchFileException e) {
            throw new UsageError("input file '" + source + "' does not exist; pass an existing file, or '-' (or nothing) "
                    + "for standard input");
        } catch (IOException e) {
            throw new UsageError("cannot read " + where + ": " + e.getMessage());
        }
        return parse(text, where);
    }

    /**
     * Parses JSON without ever quoting it: Jackson's messages repeat the offending token
     * ("Unrecognized token 'hunter2'"), which would put whatever was mistyped, a secret included,
     * into a terminal or a log. Only the position is reported.
     */
    static JsonNode parseJson(String text, String where) {
        List<JsonNode> values = parseJsonValues(text, where);
        if (values.size() != 1) {
            throw new UsageError(where + " is not valid JSON: expected one JSON value, found " + values.size());
        }
        return values.get(0);
    }

    private static List<JsonNode> parseJsonValues(String text, String where) {
        List<JsonNode> values = new ArrayList<>();
        try {
            MAPPER.readerFor(JsonNode.class).readValues(text).forEachRemaining(v -> values.add((JsonNode) v));
            return values;
        } catch (RuntimeException e) {
            if (e.getCause() instanceof JsonProcessingException j) {
                throw invalidJson(where, j);
            }
            throw e;
        } catch (JsonProcessingException e) {
            throw invalidJson(where, e);
        } catch (IOException e) {
            throw new UsageError("cannot read " + where + ": " + e.getClass().getSimpleName());
        }
    }

    private static UsageError invalidJson(String where, JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String position = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String what = e instanceof JsonEOFException ? "it ends in the middle of a value"
                : original.startsWith("Duplicate field") ? "a name appears twice in one object"
                : "the text there is not JSON";
        return new UsageError(where + " is not valid JSON" + position + ": " + what + " (the input is not repeated here, "
                + "in case it holds a secret)");
    }

    static ItemDocument parse(String text, String where) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new UsageError(where + " is empty; expected DynamoDB JSON such as the output of 'aws dynamodb get-item'");
        }
        List<JsonNode> values = parseJsonValues(trimmed, where);
        if (values.size() > 1) {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                JsonNode n = values.get(i);
                items.add(item(isWrappedItem(n) ? n.get("Item") : n, where + " line " + (i + 1)));
            }
            return new ItemDocument(Shape.LINES, items);
        }
        JsonNode root = values.get(0);
        if (!root.isObject()) {
            throw new UsageError(where + ": expected a JSON object");
        }
        if (root.has("Items") && root.get("Items").isArray()) {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            int i = 0;
            for (JsonNode n : root.get("Items")) {
                items.add(item(n, where + ", Items[" + i++ + "]"));
            }
            return new ItemDocument(Shape.ITEMS, items);
        }
        if (isWrappedItem(root)) {
            return new ItemDocument(Shape.ITEM, List.of(item(root.get("Item"), where + ", Item")));
        }
        return new ItemDocument(Shape.BARE, List.of(item(root, where)));
    }

    private static boolean isWrappedItem(JsonNode n) {
        JsonNode item = n.get("Item");
        return n.isObject() && item != null && item.isObject() && !isTypedValue(item)
                && (n.size() == 1 || n.has("ConsumedCapacity"));
    }

    /** An item from its JSON object, read by the one DynamoDB JSON codec; errors name {@code where}. */
    private static Map<String, AttributeValue> item(JsonNode n, String where) {
        try {
            return DynamoDbJson.readItem(MAPPER.writeValueAsString(n));
        } catch (DynamoDbJsonException e) {
            throw new UsageError(where + ": " + e.getMessage());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree did not write back", e);
        }
    }

    /** {@code {"S": ...}}-like: an object with one field, named as a DynamoDB type. */
    private static boolean isTypedValue(JsonNode n) {
        return n.isObject() && n.size() == 1 && DynamoDbJson.typeNames().contains(n.fieldNames().next());
    }

    /** The item as a JSON tree, to embed in a larger document or pretty-print. */
    static JsonNode tree(Map<String, AttributeValue> item) {
        try {
            return MAPPER.readTree(DynamoDbJson.writeItem(item));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("DynamoDB JSON the codec wrote did not parse", e);
        }
    }

    /**
     * The shape {@link #write} will use for {@code requested} ({@code null}: the input's); refused
     * before any item is processed if this document cannot take it.
     */
    Shape outputShape(Shape requested) {
        if (requested == null) {
            return shape;
        }
        if (requested == Shape.BARE && items.size() != 1) {
            throw new UsageError("--output-shape bare writes exactly one item, but the input has " + items.size()
                    + "; use --output-shape lines (one bare item per line) or wrapped");
        }
        if (requested == Shape.ITEM && (shape == Shape.ITEMS || shape == Shape.LINES)) {
            return Shape.ITEMS; // several items wrap as a scan result
        }
        return requested;
    }

    void write(PrintWriter out, Shape as) {
        try {
            switch (as) {
                case ITEM: {
                    ObjectNode o = MAPPER.createObjectNode();
                    o.set("Item", tree(items.get(0)));
                    out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
                    break;
                }
                case ITEMS: {
                    ObjectNode o = MAPPER.createObjectNode();
                    ArrayNode a = o.putArray("Items");
                    items.forEach(i -> a.add(tree(i)));
                    o.put("Count", items.size());
                    out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
                    break;
                }
                case BARE:
                    out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree(items.get(0))));
                    break;
                default:
                    for (Map<String, AttributeValue> i : items) {
                        out.println(MAPPER.writeValueAsString(tree(i)));
                    }
            }
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
