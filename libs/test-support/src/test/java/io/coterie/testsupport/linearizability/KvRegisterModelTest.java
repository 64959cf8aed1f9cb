package io.coterie.testsupport.linearizability;

import static io.coterie.testsupport.linearizability.KvInput.cas;
import static io.coterie.testsupport.linearizability.KvInput.delete;
import static io.coterie.testsupport.linearizability.KvInput.read;
import static io.coterie.testsupport.linearizability.KvInput.write;
import static io.coterie.testsupport.linearizability.Ops.op;
import static io.coterie.testsupport.linearizability.Ops.unknownOp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.testsupport.linearizability.Model.Step;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KvRegisterModelTest {

    private final KvRegisterModel model = new KvRegisterModel();
    private final Map<String, String> xIs1 = Map.of("x", "1");

    @Test
    void readMustReturnCurrentValueOrNullWhenAbsent() {
        assertThat(model.step(xIs1, read("x"), "1")).isEqualTo(Step.to(xIs1));
        assertThat(model.step(xIs1, read("x"), "2").legal()).isFalse();
        assertThat(model.step(xIs1, read("y"), null)).isEqualTo(Step.to(xIs1));
        assertThat(model.step(xIs1, read("x"), null).legal()).isFalse();
    }

    @Test
    void writeAndDeleteAlwaysSucceed() {
        assertThat(model.step(xIs1, write("x", "2"), null)).isEqualTo(Step.to(Map.of("x", "2")));
        assertThat(model.step(xIs1, write("y", "2"), "ignored")).isEqualTo(Step.to(Map.of("x", "1", "y", "2")));
        assertThat(model.step(xIs1, delete("x"), null)).isEqualTo(Step.to(Map.of()));
        assertThat(model.step(Map.of(), delete("x"), null)).isEqualTo(Step.to(Map.of()));
    }

    @Test
    void casSucceedsExactlyWhenExpectedValueIsCurrent() {
        assertThat(model.step(xIs1, cas("x", "1", "2"), true)).isEqualTo(Step.to(Map.of("x", "2")));
        assertThat(model.step(xIs1, cas("x", "1", "2"), false).legal()).isFalse();
        assertThat(model.step(xIs1, cas("x", "0", "2"), false)).isEqualTo(Step.to(xIs1));
        assertThat(model.step(xIs1, cas("x", "0", "2"), true).legal()).isFalse();
    }

    @Test
    void casWithNullExpectsAbsenceAndWithNullNewValueRemoves() {
        assertThat(model.step(Map.of(), cas("x", null, "1"), true)).isEqualTo(Step.to(xIs1));
        assertThat(model.step(xIs1, cas("x", null, "2"), false)).isEqualTo(Step.to(xIs1));
        assertThat(model.step(xIs1, cas("x", "1", null), true)).isEqualTo(Step.to(Map.of()));
    }

    @Test
    void unknownOutcomeCasTakesWhicheverBranchTheStateDictates() {
        assertThat(model.stepUnknownOutcome(xIs1, cas("x", "1", "2"))).isEqualTo(Step.to(Map.of("x", "2")));
        assertThat(model.stepUnknownOutcome(xIs1, cas("x", "0", "2"))).isEqualTo(Step.to(xIs1));
        assertThat(model.stepUnknownOutcome(xIs1, write("x", "3"))).isEqualTo(Step.to(Map.of("x", "3")));
    }

    @Test
    void rejectsOutputsOfTheWrongType() {
        assertThatThrownBy(() -> model.step(xIs1, cas("x", "1", "2"), "true"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.step(xIs1, read("x"), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void partitionsByKeyPreservingOrder() {
        var a1 = op(1, write("a", "1"), null, 0, 1);
        var b1 = op(1, write("b", "1"), null, 2, 3);
        var a2 = op(2, read("a"), "1", 4, 5);

        assertThat(model.partition(List.of(a1, b1, a2))).containsExactly(List.of(a1, a2), List.of(b1));
        assertThat(model.describePartition(List.of(b1))).isEqualTo("key \"b\"");
    }

    @Test
    void describesOperationsReadably() {
        assertThat(model.describe(op(1, read("x"), null, 0, 1))).isEqualTo("read(x) -> null");
        assertThat(model.describe(op(1, cas("x", null, "2"), false, 0, 1))).isEqualTo("cas(x, null -> 2) -> false");
        assertThat(model.describe(unknownOp(1, write("x", "2"), 0))).isEqualTo("write(x, 2) -> ?");
        assertThat(model.describe(op(1, delete("x"), null, 0, 1))).isEqualTo("delete(x)");
        assertThat(model.describeState(Map.of())).contains("all keys absent");
    }

    @Test
    void statesAreValuesSoTheSearchCacheCanUseThem() {
        Map<String, String> viaWrites = model.step(model.step(Map.of(), write("y", "2"), null).next(),
                write("x", "1"), null).next();
        Map<String, String> viaCas = model.step(Map.of("y", "2"), cas("x", null, "1"), true).next();

        assertThat(viaWrites).isEqualTo(viaCas).hasSameHashCodeAs(viaCas);
    }
}
