package dev.coffer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items read from a file or standard input in the shapes the AWS CLI prints, written back in the
 * same shape: {@code {"Item": {...}}} (get-item), {@code {"Items": [...]}} (scan, query), a bare
 * item, or JSON Lines with one item per line.
 */
final class ItemDocument {
    enum Shape { ITEM, ITEMS, BARE, LINES }

    static final ObjectMapper MAPPER = new ObjectMapper();

    final Shape shape;
    final List<Map<String, AttributeValue>> items;

    private ItemDocument(Shape shape, List<Map<String, AttributeValue>> items) {
        this.shape = shape;
        this.items = items;
    }

    ItemDocument withItems(List<Map<String, AttributeValue>> replaced) {
        return new ItemDocument(shape, replaced);
    }

    static ItemDocument read(String source, InputStream stdin) {
        String text;
        String where = "-".equals(source) ? "standard input" : source;
        try {
            text = "-".equals(source) ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(source));
        } catch (NoSuchFileException e) {
            throw new UsageError("input file '" + source + "' does not exist; pass an existing file or '-' for standard input");
        } catch (IOException e) {
            throw new UsageError("cannot read " + where + ": " + e.getMessage());
        }
        return parse(text, where);
    }

    static ItemDocument parse(String text, String where) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new UsageError(where + " is empty; expected DynamoDB JSON such as the output of 'aws dynamodb get-item'");
        }
        try {
            List<JsonNode> values = new ArrayList<>();
            MAPPER.readerFor(JsonNode.class).readValues(trimmed).forEachRemaining(v -> values.add((JsonNode) v));
            if (values.size() > 1) {
                List<Map<String, AttributeValue>> items = new ArrayList<>();
                for (int i = 0; i < values.size(); i++) {
                    JsonNode n = values.get(i);
                    items.add(DynamoJson.item(isWrappedItem(n) ? n.get("Item") : n, where + " line " + (i + 1)));
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
                    items.add(DynamoJson.item(n, where + ", Items[" + i++ + "]"));
                }
                return new ItemDocument(Shape.ITEMS, items);
            }
            if (isWrappedItem(root)) {
                return new ItemDocument(Shape.ITEM, List.of(DynamoJson.item(root.get("Item"), where + ", Item")));
            }
            return new ItemDocument(Shape.BARE, List.of(DynamoJson.item(root, where)));
        } catch (RuntimeException e) {
            if (e.getCause() instanceof JsonProcessingException) {
                throw new UsageError(where + " is not valid JSON: " + ((JsonProcessingException) e.getCause()).getOriginalMessage());
            }
            throw e;
        } catch (JsonProcessingException e) {
            throw new UsageError(where + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UsageError("cannot read " + where + ": " + e.getMessage());
        }
    }

    private static boolean isWrappedItem(JsonNode n) {
        JsonNode item = n.get("Item");
        return n.isObject() && item != null && item.isObject() && !DynamoJson.isTypedValue(item)
                && (n.size() == 1 || n.has("ConsumedCapacity"));
    }

    void write(PrintWriter out) {
        try {
            switch (shape) {
                case ITEM: {
                    ObjectNode o = MAPPER.createObjectNode();
                    o.set("Item", DynamoJson.toJson(items.get(0)));
                    out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
                    break;
                }
                case ITEMS: {
                    ObjectNode o = MAPPER.createObjectNode();
                    ArrayNode a = o.putArray("Items");
                    items.forEach(i -> a.add(DynamoJson.toJson(i)));
                    o.put("Count", items.size());
                    out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o));
                    break;
                }
                case BARE:
                    out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(DynamoJson.toJson(items.get(0))));
                    break;
                default:
                    for (Map<String, AttributeValue> i : items) {
                        out.println(MAPPER.writeValueAsString(DynamoJson.toJson(i)));
                    }
            }
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
