package dev.coffer.spring;

import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The extension's {@code executionInterceptor()}, looked up on first use: the DynamoDB client is
 * built before the extension (whose most-recent provider needs that client), so the client gets this
 * stand-in, which asks the application context for the extension bean when the first request runs.
 * It forwards the three hooks the extension's interceptor implements.
 */
final class LazyInterceptor implements ExecutionInterceptor {
    private final Supplier<ExecutionInterceptor> target;
    private volatile ExecutionInterceptor resolved;

    LazyInterceptor(Supplier<ExecutionInterceptor> target) {
        this.target = target;
    }

    private ExecutionInterceptor target() {
        ExecutionInterceptor t = resolved;
        if (t == null) {
            t = target.get();
            resolved = t;
        }
        return t;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return target().modifyRequest(context, attributes);
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        return target().modifyResponse(context, attributes);
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        return target().modifyException(context, attributes);
    }
}
