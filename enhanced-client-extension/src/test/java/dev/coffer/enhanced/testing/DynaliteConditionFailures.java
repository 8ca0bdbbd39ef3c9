package dev.coffer.enhanced.testing;

import dev.coffer.testfixtures.TestDynamo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * What DynamoDB puts in a failed conditional write's exception, which the test engine (dynalite)
 * leaves out: with {@code ReturnValuesOnConditionCheckFailure.ALL_OLD}, the stored item inside
 * {@code ConditionalCheckFailedException}, and for TransactWriteItems (which dynalite does not
 * serve) a {@code TransactionCanceledException} whose reasons carry the stored items. Registered on
 * a client <em>after</em> the interceptor under test (the SDK runs exception hooks in reverse
 * order), it adds exactly those items, read from the engine with a consistent GetItem, so the interceptor under test works on items that really came
 * out of the engine. Its transaction emulation is deliberately narrow: every action that asks for
 * ALL_OLD and whose item exists is reported as {@code ConditionalCheckFailed}; others as
 * {@code None}. The real service's behaviour runs in {@code LocalStackTest} where Docker exists.
 * Thread-safe.
 */
public final class DynaliteConditionFailures implements ExecutionInterceptor {
    private final DynamoDbClient raw = TestDynamo.client();

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        Throwable failure = context.exception();
        Object request = context.request();
        if (failure instanceof ConditionalCheckFailedException && !((ConditionalCheckFailedException) failure).hasItem()) {
            Map<String, AttributeValue> item = storedFor(request);
            return item == null ? failure : ((ConditionalCheckFailedException) failure).toBuilder().item(item).build();
        }
        if (request instanceof TransactWriteItemsRequest && failure instanceof DynamoDbException
                && "UnknownOperationException".equals(((DynamoDbException) failure).awsErrorDetails() == null ? null
                        : ((DynamoDbException) failure).awsErrorDetails().errorCode())) {
            List<CancellationReason> reasons = new ArrayList<>();
            for (TransactWriteItem w : ((TransactWriteItemsRequest) request).transactItems()) {
                Map<String, AttributeValue> stored = storedFor(w);
                reasons.add(stored == null ? CancellationReason.builder().code("None").build()
                        : CancellationReason.builder().code("ConditionalCheckFailed").item(stored).build());
            }
            return TransactionCanceledException.builder().message("Transaction cancelled (emulated for dynalite)")
                    .cancellationReasons(reasons).build();
        }
        return failure;
    }

    private Map<String, AttributeValue> storedFor(Object request) {
        if (request instanceof PutItemRequest) {
            PutItemRequest r = (PutItemRequest) request;
            return allOld(r.returnValuesOnConditionCheckFailure()) ? get(r.tableName(), r.item()) : null;
        }
        if (request instanceof UpdateItemRequest) {
            UpdateItemRequest r = (UpdateItemRequest) request;
            return allOld(r.returnValuesOnConditionCheckFailure()) ? get(r.tableName(), r.key()) : null;
        }
        if (request instanceof DeleteItemRequest) {
            DeleteItemRequest r = (DeleteItemRequest) request;
            return allOld(r.returnValuesOnConditionCheckFailure()) ? get(r.tableName(), r.key()) : null;
        }
        return null;
    }

    private Map<String, AttributeValue> storedFor(TransactWriteItem w) {
        if (w.put() != null && allOld(w.put().returnValuesOnConditionCheckFailure())) {
            return get(w.put().tableName(), w.put().item());
        }
        if (w.update() != null && allOld(w.update().returnValuesOnConditionCheckFailure())) {
            return get(w.update().tableName(), w.update().key());
        }
        if (w.delete() != null && allOld(w.delete().returnValuesOnConditionCheckFailure())) {
            return get(w.delete().tableName(), w.delete().key());
        }
        if (w.conditionCheck() != null && allOld(w.conditionCheck().returnValuesOnConditionCheckFailure())) {
            return get(w.conditionCheck().tableName(), w.conditionCheck().key());
        }
        return null;
    }

    private static boolean allOld(ReturnValuesOnConditionCheckFailure r) {
        return r == ReturnValuesOnConditionCheckFailure.ALL_OLD;
    }

    /** The stored item with the key attributes of {@code itemOrKey}, or null. */
    private Map<String, AttributeValue> get(String table, Map<String, AttributeValue> itemOrKey) {
        List<String> keyNames = new ArrayList<>();
        raw.describeTable(r -> r.tableName(table)).table().keySchema().forEach(k -> keyNames.add(k.attributeName()));
        Map<String, AttributeValue> key = new java.util.HashMap<>();
        for (String k : keyNames) {
            key.put(k, itemOrKey.get(k));
        }
        Map<String, AttributeValue> item = raw.getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }
}
