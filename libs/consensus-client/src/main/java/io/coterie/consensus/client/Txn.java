package io.coterie.consensus.client;

import java.util.ArrayList;
import java.util.List;

/** If every compare holds, run {@code then}, otherwise run {@code otherwise}; atomically, at one revision. */
public record Txn(List<Compare> when, List<Op> then, List<Op> otherwise) {

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<Compare> when = new ArrayList<>();
        private final List<Op> then = new ArrayList<>();
        private final List<Op> otherwise = new ArrayList<>();

        public Builder when(Compare... compares) {
            when.addAll(List.of(compares));
            return this;
        }

        public Builder then(Op... ops) {
            then.addAll(List.of(ops));
            return this;
        }

        public Builder otherwise(Op... ops) {
            otherwise.addAll(List.of(ops));
            return this;
        }

        public Txn build() {
            return new Txn(List.copyOf(when), List.copyOf(then), List.copyOf(otherwise));
        }
    }
}
