package io.coterie.identity.keys;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one thread all key work runs on (rotations, maintenance, reloads after a failed watch event):
 * in one instance they never race each other. Not exposed as an executor bean, so that nothing
 * else in the application picks it up by type.
 */
@Component
class KeyWorker implements DisposableBean {

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "signing-keys");
        t.setDaemon(true);
        return t;
    });

    void execute(Runnable task) {
        thread.execute(task);
    }

    void schedule(Runnable task, Duration delay) {
        thread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    ScheduledFuture<?> every(Duration interval, Runnable task) {
        return thread.scheduleWithFixedDelay(task, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        thread.shutdownNow();
    }
}
