package io.coterie.consensus.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** For callers that wait on the store from their own thread: a bounded wait that keeps the failure's type. */
public final class StoreCalls {

    private StoreCalls() {
    }

    /**
     * The call's result; its own failure as it was (a {@link ConsensusException} stays one), and
     * no answer within {@code timeout} as {@link ConsensusException.NoQuorum}.
     */
    public static <T> T await(CompletableFuture<T> call, Duration timeout) {
        try {
            return call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException("store call failed", e.getCause());
        } catch (TimeoutException e) {
            throw new ConsensusException.NoQuorum("the store did not answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the store", e);
        }
    }
}
