package dev.coffer.enhanced.internal;

import dev.coffer.ItemEncryptor;
import dev.coffer.enhanced.CofferExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The interceptor behind {@code CofferExtension.executionInterceptor()}: items that DynamoDB returns
 * inside a {@link ConditionalCheckFailedException} or the cancellation reasons of a
 * {@link TransactionCanceledException} ({@code ReturnValuesOnConditionCheckFailure.ALL_OLD}) never
 * pass through the Enhanced Client's extensions, so this verifies and decrypts them as a read would,
 * or removes them and says why. It also explains a failed partial update whose Coffer condition
 * (the stored item lists what the update changes as unsigned) did not hold.
 *
 * <p>Never throws: whatever goes wrong while looking at an item removes that item. Stateless (the
 * models come from the extension's concurrent cache), so thread-safe. Not API.
 */
public final class ReturnedItems implements ExecutionInterceptor {
    /** Set when this interceptor asked for the old item itself, to explain a failed partial update. */
    private static final ExecutionAttribute<Boolean> ADDED_RETURN_VALUES =
            new ExecutionAttribute<>("CofferExtension.AddedReturnValuesOnConditionCheckFailure");
    private static final String PREFIX = " [Coffer: ";

    private final Function<String, List<TableModel>> models;
    private final Predicate<String> protectedTable;

    /**
     * @param models the models the extension has derived for a table name (empty if none yet)
     * @param protectedTable whether the extension would protect a table of that name
     */
    public ReturnedItems(Function<String, List<TableModel>> models, Predicate<String> protectedTable) {
        this.models = models;
        this.protectedTable = protectedTable;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (context.request() instanceof UpdateItemRequest u && PartialUpdate.of(u) != null
                && u.returnValuesOnConditionCheckFailure() != ReturnValuesOnConditionCheckFailure.ALL_OLD) {
            // Costs no read capacity; the item is used only to explain a failure and never handed out.
            attributes.putAttribute(ADDED_RETURN_VALUES, Boolean.TRUE);
            return u.toBuilder().returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build();
        }
        return context.request();
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable thrown = context.exception();
        boolean wrapped = thrown instanceof CompletionException && thrown.getCause() != null;
        Throwable e = wrapped ? thrown.getCause() : thrown;
        Throwable replaced;
        try {
            if (e instanceof ConditionalCheckFailedException c) {
                replaced = conditionFailed(c, context.request(), Boolean.TRUE.equals(attributes.getAttribute(ADDED_RETURN_VALUES)));
            } else if (e instanceof TransactionCanceledException t && t.hasCancellationReasons()) {
                replaced = transactionCanceled(t, context.request());
            } else {
                return thrown;
            }
        } catch (RuntimeException bug) {
            // Never let an unverified item out, not even through a bug here: strip everything.
            replaced = stripAll(e, bug);
        }
        if (replaced == e) {
            return thrown;
        }
        return wrapped ? new CompletionException(replaced) : replaced;
    }

    private Throwable conditionFailed(ConditionalCheckFailedException c, SdkRequest request, boolean weAsked) {
        List<String> notes = new ArrayList<>();
        Map<String, AttributeValue> raw = c.hasItem() ? c.item() : null;
        if (request instanceof UpdateItemRequest u) {
            PartialUpdate partial = PartialUpdate.of(u);
            if (partial != null) {
                String why = partial.explain(u.tableName(), raw);
                if (why != null) {
                    notes.add(why);
                }
            }
        }
        Map<String, AttributeValue> item = raw;
        Throwable error = null;
        if (raw != null && weAsked) {
            item = null; // the application did not ask for it
        } else if (raw != null) {
            Checked checked = check(tableOf(request), raw);
            item = checked.item;
            error = checked.error;
            if (checked.note != null) {
                notes.add(checked.note);
            }
        }
        if (notes.isEmpty() && item == raw) {
            return c;
        }
        ConditionalCheckFailedException.Builder b = c.toBuilder().item(item);
        if (!notes.isEmpty()) {
            b.message(c.toBuilder().message() + PREFIX + String.join("; ", notes) + "]");
        }
        return finish(b.build(), c, error);
    }

    private Throwable transactionCanceled(TransactionCanceledException t, SdkRequest request) {
        List<TransactWriteItem> writes = request instanceof TransactWriteItemsRequest w && w.hasTransactItems()
                ? w.transactItems() : List.of();
        List<CancellationReason> reasons = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Throwable error = null;
        boolean changed = false;
        for (int i = 0; i < t.cancellationReasons().size(); i++) {
            CancellationReason r = t.cancellationReasons().get(i);
            if (!r.hasItem()) {
                reasons.add(r);
                continue;
            }
            String table = i < writes.size() ? tableOf(writes.get(i)) : null;
            Checked checked = check(table, r.item());
            if (checked.note != null) {
                notes.add("cancellation reason " + i + ": " + checked.note);
            }
            if (checked.error != null && error == null) {
                error = checked.error;
            }
            if (checked.item != r.item()) {
                changed = true;
                reasons.add(r.toBuilder().item(checked.item).build());
            } else {
                reasons.add(r);
            }
        }
        if (!changed) {
            return t;
        }
        TransactionCanceledException.Builder b = t.toBuilder().cancellationReasons(reasons);
        if (!notes.isEmpty()) {
            b.message(t.toBuilder().message() + PREFIX + String.join("; ", notes) + "]");
        }
        return finish(b.build(), t, error);
    }

    private static Throwable finish(Throwable replacement, Throwable original, Throwable error) {
        replacement.setStackTrace(original.getStackTrace());
        if (error != null) {
            replacement.addSuppressed(error);
        }
        return replacement;
    }

    /** What a read through the extension would hand out for {@code raw}, or {@code null} with the reason why not. */
    private record Checked(Map<String, AttributeValue> item, String note, Throwable error) {
    }

    private Checked check(String table, Map<String, AttributeValue> raw) {
        if (table != null && !protectedTable.test(table)) {
            return new Checked(raw, null, null); // not a table this extension protects: as DynamoDB returned it
        }
        String removed = "the item returned with this exception was removed: ";
        if (table == null) {
            return new Checked(null, removed + "Coffer cannot tell which table it is from, so it cannot be verified",
                    null);
        }
        List<TableModel> candidates = models.apply(table);
        if (candidates.isEmpty()) {
            return new Checked(null, removed + "this extension has not used table '" + table + "' yet, so it cannot "
                    + "verify the item; call coffer.tableConfig(\"" + table + "\", schema) at start-up", null);
        }
        if (candidates.size() > 1) {
            return new Checked(null, removed + "table '" + table + "' is used with " + candidates.size()
                    + " schemas, and Coffer cannot tell which one verifies it; read it with getItem", null);
        }
        try {
            Map<String, AttributeValue> plain = candidates.get(0).read(raw, null);
            // A legacy or plaintext item comes back as this table's migration phases read it, exactly as a read would.
            return new Checked(plain, null, null);
        } catch (RuntimeException e) {
            return new Checked(null, removed + "it failed verification or decryption (" + e.getClass().getSimpleName()
                    + ", attached as a suppressed exception); read it with getItem to see why", e);
        }
    }

    private static Throwable stripAll(Throwable e, RuntimeException bug) {
        Throwable out;
        String note = PREFIX + "the items returned with this exception were removed: "
                + bug.getClass().getSimpleName() + " while verifying them]";
        if (e instanceof ConditionalCheckFailedException c) {
            out = c.toBuilder().item(null).message(c.toBuilder().message() + note).build();
        } else {
            TransactionCanceledException t = (TransactionCanceledException) e;
            List<CancellationReason> reasons = new ArrayList<>();
            t.cancellationReasons().forEach(r -> reasons.add(r.toBuilder().item(null).build()));
            out = t.toBuilder().cancellationReasons(reasons).message(t.toBuilder().message() + note).build();
        }
        return finish(out, e, bug);
    }

    private static String tableOf(SdkRequest request) {
        if (request instanceof PutItemRequest p) {
            return p.tableName();
        }
        if (request instanceof UpdateItemRequest u) {
            return u.tableName();
        }
        if (request instanceof DeleteItemRequest d) {
            return d.tableName();
        }
        return null; // PartiQL and anything else: the table is not known
    }

    private static String tableOf(TransactWriteItem w) {
        if (w.put() != null) {
            return w.put().tableName();
        }
        if (w.update() != null) {
            return w.update().tableName();
        }
        if (w.delete() != null) {
            return w.delete().tableName();
        }
        return w.conditionCheck() == null ? null : w.conditionCheck().tableName();
    }

    /** The Coffer condition of a partial update, as {@link TableModel} writes it. */
    record PartialUpdate(boolean plaintextAllowed, boolean plaintextOnly, Set<String> changed) {
        static PartialUpdate of(UpdateItemRequest u) {
            if (u.conditionExpression() == null || !u.hasExpressionAttributeNames()
                    || !ItemEncryptor.HEADER_ATTRIBUTE.equals(u.expressionAttributeNames().get(TableModel.HEADER_REF))) {
                return null;
            }
            Set<String> changed = new TreeSet<>();
            if (u.hasExpressionAttributeValues()) {
                u.expressionAttributeValues().forEach((k, v) -> {
                    if (k.startsWith(TableModel.UNSIGNED_VALUE) && v.s() != null) {
                        changed.add(v.s());
                    }
                });
            }
            return new PartialUpdate(u.conditionExpression().contains("attribute_not_exists(" + TableModel.HEADER_REF
                    + ")"), !u.conditionExpression().contains("attribute_exists(" + TableModel.HEADER_REF + ")"), changed);
        }

        /** Why Coffer's condition failed on {@code stored} (as DynamoDB returned it), or null if it held. */
        String explain(String table, Map<String, AttributeValue> stored) {
            String state;
            if (stored == null) {
                return plaintextAllowed ? null
                        : note(table, "there is no item with this key (a partial update cannot create one; use putItem)",
                                false);
            }
            boolean hasHeader = stored.containsKey(ItemEncryptor.HEADER_ATTRIBUTE);
            if (!hasHeader) {
                if (plaintextAllowed) {
                    return null;
                }
                return note(table, "the stored item has no Coffer header", false);
            }
            if (plaintextOnly) {
                return "table '" + table + "': in plaintext phase WRITE_PLAINTEXT_READ_BOTH this partial update changes "
                        + "attributes only a plaintext item lets it change, and the stored item is a Coffer item; nothing "
                        + "was changed. Write the item whole (putItem or a full updateItem), which writes it plaintext; "
                        + "see docs/migration.md";
            }
            AttributeValue list = stored.get(CofferExtension.UNSIGNED_ATTRIBUTE);
            if (list == null || !list.hasSs()) {
                state = "the stored item has no " + CofferExtension.UNSIGNED_ATTRIBUTE + " (it was written by an older "
                        + "version of the extension or by another writer)";
            } else if (!list.ss().containsAll(changed)) {
                Set<String> missing = new TreeSet<>(changed);
                missing.removeAll(list.ss());
                state = "the stored item does not list " + missing + " (it was written while they were signed)";
            } else {
                return null; // Coffer's part held: the application's own condition failed
            }
            return note(table, state, true);
        }

        private String note(String table, String state, boolean rewrite) {
            return "table '" + table + "': this partial update changes do-nothing attribute(s) " + changed
                    + " in place, which is safe only if the stored item leaves them unsigned, so it is conditional on "
                    + "the item listing them in " + CofferExtension.UNSIGNED_ATTRIBUTE + "; " + state + ". Nothing was "
                    + "changed." + (rewrite ? " An item that signs them would be unreadable after the update. Write "
                    + "the item whole once (putItem, or updateItem with every attribute) with the current schema, "
                    + "then partial updates work; see docs/enhanced-client.md, \"Changing an attribute's action\"" : "");
        }
    }
}
