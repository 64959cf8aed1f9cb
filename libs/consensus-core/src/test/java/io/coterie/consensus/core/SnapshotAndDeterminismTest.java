package io.coterie.consensus.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.consensus.protocol.Command;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SnapshotAndDeterminismTest {

    /** A random but valid mix of every kind of command, reproducible from its seed. */
    static List<Command> randomCommands(long seed, int count) {
        Random random = new Random(seed);
        List<Command> commands = new ArrayList<>();
        List<Long> leases = new ArrayList<>();
        long nextLease = 1;
        for (int i = 0; i < count; i++) {
            String key = "k/" + random.nextInt(20);
            switch (random.nextInt(9)) {
                case 0, 1, 2 -> commands.add(Commands.put(key, "v" + random.nextInt(1000)));
                case 3 -> commands.add(Commands.delete(key));
                case 4 -> commands.add(Commands.txn(Commands.modRevisionIs(key, random.nextInt(i + 1)),
                        Commands.putOp(key, "t" + i), Commands.getOp(key)));
                case 5 -> {
                    commands.add(Commands.grant(1000 + random.nextInt(5000)));
                    leases.add(nextLease++);
                }
                case 6 -> commands.add(leases.isEmpty() ? Commands.put(key, "x")
                        : Commands.put(key, "leased", leases.get(random.nextInt(leases.size()))));
                case 7 -> commands.add(leases.isEmpty() ? Commands.deletePrefix("k/1")
                        : Commands.revoke(leases.get(random.nextInt(leases.size()))));
                default -> commands.add(leases.isEmpty() ? Commands.deletePrefix("k/")
                        : Commands.keepAlive(leases.get(random.nextInt(leases.size()))));
            }
        }
        return commands;
    }

    static KvStore replay(List<Command> commands) {
        KvStore store = new KvStore();
        long index = 0;
        for (Command command : commands) {
            store.apply(++index, command);
        }
        return store;
    }

    @Property(tries = 50)
    void theSameLogGivesTheSameStateOnEveryPeer(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int count) {
        List<Command> log = randomCommands(seed, count);
        KvStore a = replay(log);
        KvStore b = replay(log);
        assertThat(a.hash()).isEqualTo(b.hash());
        assertThat(a.status()).isEqualTo(b.status());
    }

    @Property(tries = 50)
    void snapshotThenRestoreGivesAnIdenticalState(@ForAll long seed, @ForAll @IntRange(min = 0, max = 400) int count) throws IOException {
        List<Command> log = randomCommands(seed, count);
        KvStore original = replay(log);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        original.writeTo(file, 3, count);

        KvStore restored = new KvStore();
        SnapshotFormat.Header header = restored.readFrom(new ByteArrayInputStream(file.toByteArray()));
        assertThat(header).isEqualTo(new SnapshotFormat.Header(3, count));
        assertThat(restored.hash()).isEqualTo(original.hash());

        // And it goes on exactly like the original.
        List<Command> more = randomCommands(seed + 1, 50);
        long index = count;
        for (Command command : more) {
            index++;
            assertThat(restored.apply(index, command).result()).isEqualTo(original.apply(index, command).result());
        }
        assertThat(restored.hash()).isEqualTo(original.hash());
    }

    @Property(tries = 30)
    void differentLogsAlmostAlwaysHashDifferently(@ForAll long seed) {
        List<Command> log = randomCommands(seed, 50);
        List<Command> changed = new ArrayList<>(log);
        changed.add(Commands.put("k/extra", "x"));
        assertThat(replay(changed).hash()).isNotEqualTo(replay(log).hash());
    }

    @org.junit.jupiter.api.Test
    void aCorruptOrTruncatedSnapshotIsRefused() throws IOException {
        KvStore store = replay(randomCommands(42, 200));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        store.writeTo(file, 1, 200);
        byte[] bytes = file.toByteArray();

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x01;
        assertThatThrownBy(() -> new KvStore().readFrom(new ByteArrayInputStream(flipped)))
                .isInstanceOf(IOException.class);

        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 10);
        assertThatThrownBy(() -> new KvStore().readFrom(new ByteArrayInputStream(truncated)))
                .isInstanceOf(IOException.class);

        byte[] trailing = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> new KvStore().readFrom(new ByteArrayInputStream(trailing)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("trailing");
    }

    @org.junit.jupiter.api.Test
    void aRefusedSnapshotLeavesTheStoreAsItWas() throws IOException {
        KvStore store = replay(randomCommands(7, 100));
        byte[] before = store.hash();
        assertThatThrownBy(() -> store.readFrom(new ByteArrayInputStream(new byte[] {1, 2, 3})))
                .isInstanceOf(IOException.class);
        assertThat(store.hash()).isEqualTo(before);
    }
}
