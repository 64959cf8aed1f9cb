package io.coterie.consensus.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BatcherTest {

    /** A sender that records each batch and completes it only when the test says so. */
    private static final class Recorder {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<List<String>>> replies = new CopyOnWriteArrayList<>();

        CompletableFuture<List<String>> send(List<String> batch) {
            batches.add(batch);
            CompletableFuture<List<String>> reply = new CompletableFuture<>();
            replies.add(reply);
            return reply;
        }

        void answer(int index) {
            replies.get(index).complete(batches.get(index).stream().map(s -> s + "!").toList());
        }
    }

    @Test
    void whileOneBatchIsInFlightTheOthersWaitAndGoTogether() {
        Recorder sender = new Recorder();
        Batcher<String, String> batcher = new Batcher<>(sender::send, String::length, 1, 100, 1000);
        CompletableFuture<String> first = batcher.submit("a");
        List<CompletableFuture<String>> waiting = new ArrayList<>();
        for (String s : List.of("b", "c", "d")) {
            waiting.add(batcher.submit(s));
        }
        assertThat(sender.batches).containsExactly(List.of("a"));

        sender.answer(0);
        assertThat(first).isCompletedWithValue("a!");
        assertThat(sender.batches).containsExactly(List.of("a"), List.of("b", "c", "d"));
        sender.answer(1);
        assertThat(waiting).extracting(CompletableFuture::join).containsExactly("b!", "c!", "d!");
    }

    @Test
    void batchesRespectTheItemAndByteLimits() {
        Recorder sender = new Recorder();
        Batcher<String, String> batcher = new Batcher<>(sender::send, String::length, 1, 2, 5);
        batcher.submit("blocker");
        for (String s : List.of("aa", "bb", "cc", "dddd", "e")) {
            batcher.submit(s);
        }
        sender.answer(0);
        sender.answer(1);
        sender.answer(2);
        sender.answer(3);
        assertThat(sender.batches).containsExactly(List.of("blocker"), List.of("aa", "bb"), List.of("cc"),
                List.of("dddd", "e"));
    }

    @Test
    void aFailedBatchFailsEveryCallerInItAndTheNextBatchStillGoes() {
        Recorder sender = new Recorder();
        Batcher<String, String> batcher = new Batcher<>(sender::send, String::length, 1, 100, 1000);
        CompletableFuture<String> a = batcher.submit("a");
        CompletableFuture<String> b = batcher.submit("b");
        sender.replies.get(0).completeExceptionally(new IllegalStateException("no quorum"));
        assertThat(a).isCompletedExceptionally();
        assertThat(sender.batches).hasSize(2);
        sender.replies.get(1).completeExceptionally(new IllegalStateException("no quorum"));
        assertThat(b).isCompletedExceptionally();
        CompletableFuture<String> c = batcher.submit("c");
        sender.answer(2);
        assertThat(c).isCompletedWithValue("c!");
    }

    @Test
    void callersThatGaveUpAreNotSent() {
        Recorder sender = new Recorder();
        Batcher<String, String> batcher = new Batcher<>(sender::send, String::length, 1, 100, 1000);
        batcher.submit("a");
        CompletableFuture<String> impatient = batcher.submit("b");
        batcher.submit("c");
        impatient.completeExceptionally(new IllegalStateException("timed out"));
        sender.answer(0);
        assertThat(sender.batches.get(1)).containsExactly("c");
    }

    @Test
    void severalBatchesMayBeInFlight() {
        Recorder sender = new Recorder();
        Batcher<String, String> batcher = new Batcher<>(sender::send, String::length, 2, 100, 1000);
        batcher.submit("a");
        batcher.submit("b");
        batcher.submit("c");
        assertThat(sender.batches).containsExactly(List.of("a"), List.of("b"));
        sender.answer(1);
        assertThat(sender.batches).containsExactly(List.of("a"), List.of("b"), List.of("c"));
    }
}
