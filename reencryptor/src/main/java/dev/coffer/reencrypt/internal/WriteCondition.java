package dev.coffer.reencrypt.internal;

import dev.coffer.CryptoAction;
import dev.coffer.ItemDescription;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.migration.ItemKind;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The condition of a rewrite: the stored item is still exactly the version that was read, so a
 * write a live application made in the meantime makes the rewrite fail instead of being overwritten.
 *
 * <ul>
 *   <li>Coffer item: {@code coffer_sig} unchanged (any whole write makes a new one), and every
 *       attribute that is not encrypted unchanged (unsigned ones can be updated in place without
 *       touching the signature; sign-only ones are cheap to compare).</li>
 *   <li>Legacy or plaintext item: every attribute unchanged; plaintext also
 *       {@code attribute_not_exists(coffer_head)}.</li>
 *   <li>Every attribute the configuration names that the item lacks: still absent, so an in-place
 *       update that adds one is not lost.</li>
 * </ul>
 *
 * An attribute the configuration does not name, added in place after the read, cannot be detected
 * by any condition (DynamoDB has no "no other attributes"); docs/migration.md says so. Immutable.
 */
public record WriteCondition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
    /** DynamoDB's limit on an expression's length. */
    public static final int MAX_EXPRESSION_CHARS = 4096;

    /** The condition for {@code stored}, or null if it would exceed DynamoDB's expression limit. */
    public static WriteCondition of(ItemKind kind, Map<String, AttributeValue> stored, TableConfig config) {
        Set<String> encrypted = new LinkedHashSet<>();
        if (kind == ItemKind.COFFER) {
            for (ItemDescription.LegendEntry e : ItemDescription.of(stored).legend()) {
                if (e.action() == CryptoAction.ENCRYPT_AND_SIGN && e.attributeNames().size() == 1) {
                    encrypted.addAll(e.attributeNames());
                }
            }
        }
        Builder b = new Builder();
        for (Map.Entry<String, AttributeValue> e : stored.entrySet()) {
            if (encrypted.contains(e.getKey()) || e.getKey().equals(ItemEncryptor.HEADER_ATTRIBUTE)) {
                continue; // covered by the signature
            }
            b.equal(b.name(e.getKey()), e.getValue());
            if (b.expr.length() > MAX_EXPRESSION_CHARS) {
                return null;
            }
        }
        Set<String> declared = new LinkedHashSet<>(config.actions().keySet());
        declared.addAll(config.allowedUnsignedAttributes());
        if (kind == ItemKind.PLAINTEXT) {
            declared.add(ItemEncryptor.HEADER_ATTRIBUTE);
        }
        for (String name : declared) {
            if (!stored.containsKey(name)) {
                b.term("attribute_not_exists(" + b.name(name) + ")");
            }
        }
        StringBuilder expr = b.expr;
        Map<String, String> names = b.names;
        Map<String, AttributeValue> values = b.values;
        if (expr.length() > MAX_EXPRESSION_CHARS) {
            return null;
        }
        return new WriteCondition(expr.toString(), Map.copyOf(names), Map.copyOf(values));
    }

    /**
     * Terms joined by AND. A list or map is compared element by element down to its scalars, with
     * {@code size(...)} so nothing was added: the same as {@code =} on the whole document, which
     * DynamoDB supports, but which not every engine compatible with it does (dynalite).
     */
    private static final class Builder {
        final StringBuilder expr = new StringBuilder();
        final Map<String, String> names = new HashMap<>();
        final Map<String, String> byName = new HashMap<>();
        final Map<String, AttributeValue> values = new HashMap<>();

        String name(String attribute) {
            return byName.computeIfAbsent(attribute, a -> {
                String placeholder = "#a" + byName.size();
                names.put(placeholder, a);
                return placeholder;
            });
        }

        String value(AttributeValue v) {
            String placeholder = ":v" + values.size();
            values.put(placeholder, v);
            return placeholder;
        }

        void term(String t) {
            expr.append(expr.length() == 0 ? "" : " AND ").append(t);
        }

        void equal(String path, AttributeValue v) {
            if (expr.length() > MAX_EXPRESSION_CHARS) {
                return;
            }
            switch (v.type()) {
                case L -> {
                    term("size(" + path + ") = " + value(AttributeValue.fromN(Integer.toString(v.l().size()))));
                    for (int i = 0; i < v.l().size(); i++) {
                        equal(path + "[" + i + "]", v.l().get(i));
                    }
                }
                case M -> {
                    term("size(" + path + ") = " + value(AttributeValue.fromN(Integer.toString(v.m().size()))));
                    for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
                        equal(path + "." + name(e.getKey()), e.getValue());
                    }
                }
                default -> term(path + " = " + value(v));
            }
        }
    }
}
