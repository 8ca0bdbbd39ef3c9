package dev.coffer.enhanced.internal;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The one interceptor {@code CofferExtension.executionInterceptor()} hands out: items returned in
 * exceptions ({@link ReturnedItems}: requests and exceptions) and skipping of unverified items in
 * query, scan and batch reads ({@link ReadFilter}: responses). Users register one object. Immutable
 * and thread-safe, as both parts are; not API.
 */
public final class Interceptors implements ExecutionInterceptor {
    private final ExecutionInterceptor returned;
    private final ExecutionInterceptor filter;

    public Interceptors(ExecutionInterceptor returned, ExecutionInterceptor filter) {
        this.returned = returned;
        this.filter = filter;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return returned.modifyRequest(context, attributes);
    }

    @Override
    public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
        return filter.modifyResponse(context, attributes);
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        return returned.modifyException(context, attributes);
    }
}
