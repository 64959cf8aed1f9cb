package io.coterie.gateway.rpc;

import io.coterie.api.ProblemType;
import io.coterie.naming.Instance;
import io.coterie.naming.NamePath;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** What a name leads to: instances serving RPC, or why there are none. */
sealed interface Resolution {

    /** Nothing that can be called is bound there. */
    record Unbound(NamePath name, String why) implements Resolution {
    }

    /** A service, but none of its instances serves RPC and is not critical. */
    record NoInstance(NamePath name) implements Resolution {
    }

    /** Instances to use in turn; {@code turn} is shared by every call to the name. */
    record Found(NamePath name, List<Instance> instances, AtomicInteger turn) implements Resolution {

        Instance next() {
            return instances.get(Math.floorMod(turn.getAndIncrement(), instances.size()));
        }
    }

    default Refusal refusal() {
        if (this instanceof Unbound unbound) {
            return new Refusal(ProblemType.NOT_FOUND, unbound.why());
        }
        if (this instanceof NoInstance none) {
            return new Refusal(ProblemType.UNAVAILABLE, "no instance serving RPC (metadata rpc=coterie/1, not critical) is bound at "
                    + none.name());
        }
        throw new IllegalStateException("a found name is no refusal");
    }
}
