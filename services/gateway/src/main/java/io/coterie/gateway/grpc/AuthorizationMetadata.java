package io.coterie.gateway.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Hands the call's {@code authorization} metadata to the service, which verifies it: only an
 * interceptor sees metadata, and verifying is asynchronous (the JWK set may need a store read),
 * which the service's reactive chain does without blocking a gRPC thread.
 */
final class AuthorizationMetadata implements ServerInterceptor {

    static final Metadata.Key<String> KEY = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final Context.Key<String> VALUE = Context.key("coterie-authorization");

    /** The {@code authorization} metadata of the current call, or null when it had none. */
    static String current() {
        return VALUE.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return Contexts.interceptCall(Context.current().withValue(VALUE, headers.get(KEY)), call, headers, next);
    }
}
