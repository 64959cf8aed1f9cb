package io.coterie.rpc.server;

/**
 * Thrown by a method that refuses its argument and has done nothing: the caller may fix the
 * argument and retry. The message is sent to the caller as the problem's detail.
 */
public class RpcRejectedException extends Exception {

    public RpcRejectedException(String message) {
        super(message);
    }
}
