package io.coterie.gateway.grpc;

import io.grpc.Status;

/** The gRPC status of an HTTP-shaped RPC answer (docs/rpc.md, gRPC). */
final class GrpcStatuses {

    private GrpcStatuses() {
    }

    static Status.Code of(int httpStatus) {
        return switch (httpStatus) {
            case 400, 413, 422 -> Status.Code.INVALID_ARGUMENT;
            case 401 -> Status.Code.UNAUTHENTICATED;
            case 403 -> Status.Code.PERMISSION_DENIED;
            case 404 -> Status.Code.NOT_FOUND;
            case 429 -> Status.Code.RESOURCE_EXHAUSTED;
            case 503 -> Status.Code.UNAVAILABLE;
            case 504 -> Status.Code.DEADLINE_EXCEEDED;
            case 500, 502 -> Status.Code.INTERNAL;
            default -> httpStatus >= 200 && httpStatus < 300 ? Status.Code.OK : Status.Code.UNKNOWN;
        };
    }
}
