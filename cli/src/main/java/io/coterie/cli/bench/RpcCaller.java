package io.coterie.cli.bench;

/** One load-generator client of an RPC path: makes one call at a time. */
interface RpcCaller extends Session {

    /** Calls the method once, with {@code idempotencyKey} unless it is null: null when it ran, else one line on what went wrong. */
    String call(String idempotencyKey);
}
