package io.coterie.cli.rpc;

import io.coterie.cli.core.UrlEncoding;
import io.coterie.cli.core.UsageException;
import io.coterie.cli.name.NamePaths;
import io.coterie.rpc.RpcWire;

/** Where a call goes: {@code /v1/rpc{NAME}/{METHOD}}, after the same shape checks the gateway makes. */
public final class RpcTargets {

    private RpcTargets() {
    }

    /** The gateway's path for calling {@code method} on {@code name}; a badly shaped name or method fails first. */
    public static String gatewayPath(String name, String method) {
        return "/v1/rpc" + UrlEncoding.encodePath(NamePaths.check(name)) + "/" + checkMethod(method);
    }

    /** The workload's own path for {@code method}, as the gateway and the in-process client call it. */
    public static String workloadPath(String method) {
        return "/rpc/" + checkMethod(method);
    }

    static String checkMethod(String method) {
        RpcWire.methodViolation(method).ifPresent(rule -> {
            throw new UsageException("invalid method '" + method + "': " + rule + " (such as speed.increase)");
        });
        return method;
    }
}
