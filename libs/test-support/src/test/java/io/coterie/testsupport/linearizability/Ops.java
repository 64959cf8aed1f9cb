package io.coterie.testsupport.linearizability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Terse builders for hand-written key-value histories; times are plain numbers on a made-up clock. */
final class Ops {

    static final KvRegisterModel KV = new KvRegisterModel();

    private Ops() {}

    static Operation<KvInput, Object> op(int client, KvInput input, Object output, long call, long ret) {
        return Operation.completed(client, input, output, call, ret);
    }

    static Operation<KvInput, Object> unknownOp(int client, KvInput input, long call) {
        return Operation.unknown(client, input, call);
    }

    @SafeVarargs
    static CheckResult check(Operation<KvInput, Object>... history) {
        List<Operation<KvInput, Object>> list = new ArrayList<>(history.length);
        for (Operation<KvInput, Object> op : history) {
            list.add(op);
        }
        return check(list);
    }

    static CheckResult check(List<Operation<KvInput, Object>> history) {
        return LinearizabilityChecker.check(KV, history, Duration.ofSeconds(30));
    }
}
