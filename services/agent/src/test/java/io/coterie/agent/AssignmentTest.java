package io.coterie.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.scheduler.RestartPolicy;
import io.coterie.testsupport.http.Http;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AssignmentTest {

    private static Assignment parse(String id, String json) {
        return Assignment.parse(Http.JSON, id, json.getBytes(StandardCharsets.UTF_8));
    }

    private static String withRestart(String restart) {
        return "{\"id\":\"web.1.9\",\"job\":\"web\",\"index\":1,\"pid\":9,\"hostId\":\"h\",\"cpuMillis\":500,\"exclusiveCpus\":[],"
                + "\"memoryBytes\":1024,\"priority\":3,\"command\":[\"sleep\",\"9\"],\"env\":{\"A\":\"b\"},"
                + (restart == null ? "" : "\"restart\":" + restart + ",") + "\"token\":\"t\",\"futureField\":true}";
    }

    @Test
    void theSchedulersAssignmentIsReadWithUnknownFieldsIgnored() {
        Assignment assignment = parse("web.1.9", withRestart("{\"mode\":\"on-failure\",\"maxRestarts\":3}"));

        assertThat(assignment.job()).isEqualTo("web");
        assertThat(assignment.index()).isEqualTo(1);
        assertThat(assignment.cpuMillis()).isEqualTo(500);
        assertThat(assignment.exclusive()).isFalse();
        assertThat(assignment.command()).containsExactly("sleep", "9");
        assertThat(assignment.env()).containsEntry("A", "b");
        assertThat(assignment.token()).isEqualTo("t");
        assertThat(assignment.restartPolicy()).isEqualTo(RestartPolicy.onFailure(3));
    }

    @Test
    void numbersTheAgentDoesNotNeedMayBeLeftOut() {
        Assignment pinned = parse("db.0.4", "{\"id\":\"db.0.4\",\"job\":\"db\",\"index\":0,\"exclusiveCpus\":[1,0],"
                + "\"command\":[\"db\"],\"restart\":{\"mode\":\"always\"}}");

        assertThat(pinned.exclusive()).isTrue();
        assertThat(pinned.exclusiveCpus()).containsExactly(1, 0);
        assertThat(pinned.memoryBytes()).isZero();
        assertThat(pinned.restartPolicy()).isEqualTo(RestartPolicy.always(0));
    }

    @Test
    void restartModesAreReadInEitherSpelling() {
        assertThat(parse("web.1.9", withRestart("{\"mode\":\"ON_FAILURE\",\"maxRestarts\":2}")).restartPolicy())
                .isEqualTo(RestartPolicy.onFailure(2));
        assertThat(parse("web.1.9", withRestart("{\"mode\":\"Always\",\"maxRestarts\":5}")).restartPolicy())
                .isEqualTo(RestartPolicy.always(5));
        assertThat(parse("web.1.9", withRestart(null)).restartPolicy()).isEqualTo(RestartPolicy.never());
        assertThat(parse("web.1.9", withRestart("{\"mode\":\"never\",\"maxRestarts\":4}")).restartPolicy())
                .as("a maximum means nothing when nothing restarts").isEqualTo(RestartPolicy.never());
    }

    @Test
    void anAssignmentThatCannotRunSaysWhy() {
        assertThatThrownBy(() -> parse("web.1.9", "[1,2]")).isInstanceOf(InvalidAssignmentException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> parse("web.1.8", withRestart(null))).isInstanceOf(InvalidAssignmentException.class)
                .hasMessageContaining("says its id is web.1.9");
        assertThatThrownBy(() -> parse("web.1.9", withRestart("{\"mode\":\"sometimes\"}")))
                .isInstanceOf(InvalidAssignmentException.class).hasMessageContaining("never, on-failure or always");
        assertThatThrownBy(() -> parse("web.1.9", withRestart("{\"mode\":\"always\",\"maxRestarts\":-1}")))
                .isInstanceOf(InvalidAssignmentException.class).hasMessageContaining("max restarts must be between 0");
        assertThatThrownBy(() -> parse("web.1.9", withRestart(null).replace("[\"sleep\",\"9\"]", "[]")))
                .isInstanceOf(InvalidAssignmentException.class).hasMessageContaining("no command");
        assertThatThrownBy(() -> parse("web.1.9", withRestart(null).replace("\"cpuMillis\":500", "\"cpuMillis\":0")))
                .isInstanceOf(InvalidAssignmentException.class).hasMessageContaining("neither CPU millis nor exclusive CPUs");
    }
}
