package dev.coffer.enhanced.testing;

import dev.coffer.testfixtures.TestDynamo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.reactivestreams.Publisher;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Transactions at the SDK boundary on dynalite, which has no TransactWriteItems or
 * TransactGetItems. Add it to a real SDK client of the test engine
 * ({@code TestDynamo.clientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(tx))}):
 * <ul>
 *   <li>TransactWriteItems: the request the SDK marshalled ({@link #writes()}: the request object
 *       and the signed HTTP body) is captured just before it would be sent, and the call stops
 *       there with {@link Stopped}.</li>
 *   <li>TransactGetItems: goes to the engine, and its answer (an unknown-operation error) is replaced
 *       by the engine's own GetItem answers for the same keys, spliced byte for byte into a
 *       TransactGetItems response. The SDK unmarshals it and the Enhanced Client runs its read
 *       path (extensions' {@code afterRead}, mapping) on items that really came out of the engine.</li>
 * </ul>
 * End-to-end transactions run on LocalStack where Docker exists ({@code LocalStackTest}).
 *
 * <p>Thread-safe; its captures and counts serve one test at a time ({@link #reset()} between tests).
 */
public final class TransactionsOnDynalite implements ExecutionInterceptor, AutoCloseable {
    private static final ExecutionAttribute<byte[]> SERVED = new ExecutionAttribute<>("coffer.test.transactGetAnswer");

    /** A captured TransactWriteItems: the final request object and the marshalled JSON body. */
    public record CapturedWrite(TransactWriteItemsRequest request, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Thrown from the interceptor once a TransactWriteItems request is captured: nothing was sent. */
    public static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stopped() {
            super("TransactWriteItems captured and stopped before transmission (test engine has no transactions)");
        }
    }

    private final List<CapturedWrite> writes = new ArrayList<>();
    private final AtomicInteger transactGetsServed = new AtomicInteger();
    private final BodyTee tee = new BodyTee();
    private final DynamoDbClient raw = TestDynamo.clientBuilder()
            .overrideConfiguration(o -> o.addExecutionInterceptor(tee)).build();

    public synchronized List<CapturedWrite> writes() {
        return List.copyOf(writes);
    }

    /** Forgets the captured writes and the count of served reads. */
    public synchronized void reset() {
        writes.clear();
        transactGetsServed.set(0);
    }

    /** How many TransactGetItems calls were answered from the engine's GetItem responses. */
    public int transactGetsServed() {
        return transactGetsServed.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof TransactWriteItemsRequest write) {
            synchronized (this) {
                writes.add(new CapturedWrite(write, body(context)));
            }
            throw new Stopped();
        }
        if (request instanceof TransactGetItemsRequest read) {
            attributes.putAttribute(SERVED, engineAnswer(read));
        }
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        byte[] answer = attributes.getAttribute(SERVED);
        if (answer == null) {
            return context.httpResponse();
        }
        transactGetsServed.incrementAndGet();
        return context.httpResponse().toBuilder().statusCode(200).statusText("OK")
                .removeHeader("x-amz-crc32") // the engine's checksum of its error body
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("Content-Length", Integer.toString(answer.length))
                .build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        byte[] answer = attributes.getAttribute(SERVED);
        return answer == null ? context.responseBody() : Optional.of(new ByteArrayInputStream(answer));
    }

    @Override
    public Optional<Publisher<ByteBuffer>> modifyAsyncHttpResponseContent(Context.ModifyHttpResponse context,
            ExecutionAttributes attributes) {
        byte[] answer = attributes.getAttribute(SERVED);
        return answer == null ? context.responsePublisher() : Optional.of(AsyncRequestBody.fromBytes(answer));
    }

    /** {"Responses":[...]} made of the engine's GetItem response bodies ({"Item":{...}} or {}), in order. */
    private synchronized byte[] engineAnswer(TransactGetItemsRequest read) {
        List<String> parts = new ArrayList<>();
        for (TransactGetItem item : read.transactItems()) {
            Get get = item.get();
            raw.getItem(r -> r.tableName(get.tableName()).key(get.key()).consistentRead(true)
                    .projectionExpression(get.projectionExpression())
                    .expressionAttributeNames(get.hasExpressionAttributeNames() ? get.expressionAttributeNames() : null));
            parts.add(new String(tee.last, StandardCharsets.UTF_8));
        }
        return ("{\"Responses\":[" + String.join(",", parts) + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] body(Context.BeforeTransmission context) {
        try {
            if (context.requestBody().isPresent()) {
                try (InputStream in = context.requestBody().get().contentStreamProvider().newStream()) {
                    return in.readAllBytes();
                }
            }
            if (context.httpRequest() instanceof SdkHttpFullRequest full && full.contentStreamProvider().isPresent()) {
                try (InputStream in = full.contentStreamProvider().get().newStream()) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no request body for " + context.request().getClass().getSimpleName());
    }

    /** Closes the client that reads the engine's GetItem answers. */
    @Override
    public void close() {
        raw.close();
    }

    /** Keeps the body of the last response of the client it is added to (one call at a time). */
    private static final class BodyTee implements ExecutionInterceptor {
        volatile byte[] last;

        @Override
        public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                ExecutionAttributes attributes) {
            try (InputStream in = context.responseBody().orElseGet(InputStream::nullInputStream)) {
                last = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Optional.of(new ByteArrayInputStream(last));
        }
    }
}
