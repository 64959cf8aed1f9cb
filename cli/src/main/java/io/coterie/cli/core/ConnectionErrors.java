package io.coterie.cli.core;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/** Turns the JDK's many ways of saying "could not talk to the server" into one line a person can act on. */
public final class ConnectionErrors {

    private ConnectionErrors() {
    }

    public static CliException describe(URI address, Duration timeout, IOException e) {
        String target = address.toString();
        if (has(e, HttpConnectTimeoutException.class)) {
            return new CliException("cannot reach " + target + " (no connection within "
                    + Durations.format(timeout) + "); is ./coterie dev running?", e);
        }
        if (has(e, HttpTimeoutException.class)) {
            return new CliException("no answer from " + target + " within " + Durations.format(timeout)
                    + " (raise --timeout to wait longer)", e);
        }
        if (has(e, UnknownHostException.class) || has(e, UnresolvedAddressException.class)) {
            return new CliException("cannot reach " + target + " (unknown host " + address.getHost() + ")", e);
        }
        if (has(e, ConnectException.class)) {
            return new CliException("cannot reach " + target + " (connection refused); is ./coterie dev running?", e);
        }
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new CliException("lost the connection to " + target + " (" + ProblemException.oneLine(reason) + ")", e);
    }

    /** True when the request cannot have reached the server: no connection was ever made. */
    public static boolean beforeSending(IOException e) {
        return has(e, HttpConnectTimeoutException.class) || has(e, UnknownHostException.class)
                || has(e, UnresolvedAddressException.class) || has(e, ConnectException.class);
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
