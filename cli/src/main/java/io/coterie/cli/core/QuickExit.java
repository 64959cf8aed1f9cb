package io.coterie.cli.core;

/**
 * Stops the HttpClient's selector threads before {@code System.exit}. The JVM's exit waits up to
 * 300 ms for threads sitting in native code, and a selector blocked in epoll is one; Java 17's
 * HttpClient has no close(), but its selector loop ends when its thread is interrupted.
 */
public final class QuickExit {

    private QuickExit() {
    }

    public static void stopHttpClientThreads() {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("HttpClient-") && thread.getName().endsWith("-SelectorManager")) {
                thread.interrupt();
                try {
                    thread.join(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
