package io.coterie.testsupport.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The history as a time-ordered doubly linked list of call and return entries (Lowe's representation).
 * Linearizing an operation "lifts" its entries out of the list and backtracking "unlifts" them, both in
 * constant time because a removed node keeps its links (dancing links); lifts and unlifts must therefore
 * happen in strict stack order.
 *
 * <p>Operations with unknown outcome get no return entry: nothing ever forces them to be linearized.
 * Entries at equal times put calls first, so intervals that merely touch count as overlapping.
 */
final class EntryList {

    static final class Node {
        /** Index of the operation in its partition; -1 for the sentinels. */
        final int op;
        final boolean call;
        /** For a call: its return entry, or {@code null} if the outcome is unknown. */
        Node match;
        Node prev;
        Node next;

        Node(int op, boolean call) {
            this.op = op;
            this.call = call;
        }

        boolean knownOutcome() {
            return match != null;
        }
    }

    private final Node head = new Node(-1, false);
    private final Node tail = new Node(-1, false);
    private final Node[] callNodes;

    EntryList(List<? extends Operation<?, ?>> ops) {
        callNodes = new Node[ops.size()];
        List<Node> nodes = new ArrayList<>(2 * ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Node call = new Node(i, true);
            callNodes[i] = call;
            nodes.add(call);
            if (!ops.get(i).outcomeUnknown()) {
                call.match = new Node(i, false);
                nodes.add(call.match);
            }
        }
        nodes.sort(Comparator.<Node>comparingLong(n -> time(ops, n))
                .thenComparing(n -> !n.call)
                .thenComparingInt(n -> n.op));
        Node last = head;
        for (Node node : nodes) {
            last.next = node;
            node.prev = last;
            last = node;
        }
        last.next = tail;
        tail.prev = last;
    }

    private static long time(List<? extends Operation<?, ?>> ops, Node node) {
        Operation<?, ?> op = ops.get(node.op);
        return node.call ? op.callNanos() : op.returnNanos();
    }

    /** The first entry; iterate with {@code next} while {@code call} is true to visit the current candidates. */
    Node first() {
        return head.next;
    }

    Node callOf(int op) {
        return callNodes[op];
    }

    void lift(Node call) {
        unlink(call);
        if (call.match != null) {
            unlink(call.match);
        }
    }

    void unlift(Node call) {
        if (call.match != null) {
            relink(call.match);
        }
        relink(call);
    }

    private static void unlink(Node node) {
        node.prev.next = node.next;
        node.next.prev = node.prev;
    }

    private static void relink(Node node) {
        node.prev.next = node;
        node.next.prev = node;
    }
}
