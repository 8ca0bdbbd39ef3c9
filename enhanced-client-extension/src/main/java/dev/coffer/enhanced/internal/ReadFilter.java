package dev.coffer.enhanced.internal;

import dev.coffer.IntegrityException;
import dev.coffer.MaterialsException;
import dev.coffer.SkippedItem;
import dev.coffer.SkippedItemListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * The Query, Scan and BatchGetItem responses of tables that skip unverified items, with every item
 * that does not verify removed before the Enhanced Client maps the page, and reported.
 *
 * <p>Why an execution interceptor: an extension's {@code afterRead} sees one item at a time and can
 * only replace it ({@code ReadModification} has no way to drop one; an empty item maps to a
 * {@code null} bean inside the page). Dropping has to happen before the client builds the page,
 * which is the low-level response. Verification runs again in {@code afterRead}, which maps only
 * what the filter kept; the filter never hands plaintext on. Not API; immutable and thread-safe.
 */
public final class ReadFilter implements ExecutionInterceptor {
    private final Function<String, Optional<SkippedItemListener>> listeners;
    private final Function<String, Collection<TableModel>> models;

    /**
     * @param listeners the listener of a table that skips, by table name (empty: the table fails closed)
     * @param models the models registered for a table name through {@code tableConfig}
     */
    public ReadFilter(Function<String, Optional<SkippedItemListener>> listeners,
            Function<String, Collection<TableModel>> models) {
        this.listeners = listeners;
        this.models = models;
    }

    /**
     * Never throws on purpose: the SDK would hand the caller an {@code SdkClientException}
     * ("Unable to unmarshall response") wrapping it, and its {@code modifyException} hook may not
     * replace that with another type. Whatever must fail the read is left in the response instead,
     * so the extension fails it with its own, typed exception.
     */
    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes executionAttributes) {
        SdkResponse response = context.response();
        SdkRequest request = context.request();
        if (response instanceof QueryResponse q && request instanceof QueryRequest r && q.hasItems()) {
            List<Map<String, AttributeValue>> kept = filter(r.tableName(), r.indexName(), q.items());
            return kept == null ? response : q.toBuilder().items(kept).count(kept.size()).build();
        }
        if (response instanceof ScanResponse s && request instanceof ScanRequest r && s.hasItems()) {
            List<Map<String, AttributeValue>> kept = filter(r.tableName(), r.indexName(), s.items());
            return kept == null ? response : s.toBuilder().items(kept).count(kept.size()).build();
        }
        if (response instanceof BatchGetItemResponse b && b.hasResponses()) {
            Map<String, List<Map<String, AttributeValue>>> tables = new LinkedHashMap<>(b.responses());
            boolean changed = false;
            for (Map.Entry<String, List<Map<String, AttributeValue>>> e : tables.entrySet()) {
                List<Map<String, AttributeValue>> kept = filter(e.getKey(), null, e.getValue());
                if (kept != null) {
                    e.setValue(kept);
                    changed = true;
                }
            }
            return changed ? b.toBuilder().responses(tables).build() : response;
        }
        return response;
    }

    /**
     * The items to keep, or {@code null} to leave the response as it is: nothing to remove, the
     * table fails closed, its schema was not registered (the extension then refuses the read), or
     * the listener threw (the extension then fails the read on the first item that does not verify).
     */
    private List<Map<String, AttributeValue>> filter(String table, String indexName,
            List<Map<String, AttributeValue>> items) {
        Optional<SkippedItemListener> listener = listeners.apply(table);
        if (listener.isEmpty() || items.isEmpty()) {
            return null;
        }
        Collection<TableModel> registered = models.apply(table);
        if (registered.isEmpty()) {
            return null;
        }
        List<Map<String, AttributeValue>> kept = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            SkippedItem skipped = verify(registered, indexName, item);
            if (skipped == null) {
                kept.add(item);
            } else {
                try {
                    listener.get().skipped(skipped);
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        return kept.size() == items.size() ? null : kept;
    }

    /**
     * Null if {@code item} verifies under every registered model (so whichever schema the read
     * maps it with accepts it), else what to report. The plaintext is dropped at once.
     */
    private static SkippedItem verify(Collection<TableModel> registered, String indexName,
            Map<String, AttributeValue> item) {
        for (TableModel model : registered) {
            try {
                model.verify(item, indexName);
            } catch (IntegrityException | MaterialsException e) {
                return SkippedItem.fromItem(model.config(), indexName, item, e);
            }
        }
        return null;
    }
}
