package io.coterie.scheduler.service.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.scheduler.CpuRequest;
import io.coterie.scheduler.JobSpec;
import io.coterie.scheduler.PlacementStrategy;
import io.coterie.scheduler.RestartPolicy;
import io.coterie.scheduler.service.store.JobRecord;
import io.coterie.service.ApiException;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JobRequestParserTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static JobRecord parse(String json) {
        return JobRequestParser.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "alice", AT);
    }

    private static void refused(String json, String because) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(ApiException.class).hasMessageContaining(because);
    }

    @Test
    void aFullSpecBecomesTheJobPlacementWorksWith() {
        JobRecord job = parse("""
                {"name":"web","command":["/bin/sh","-c","echo hi"],"env":{"LANG":"C"},"cpus":0.5,"memory":"256Mi",
                 "replicas":3,"priority":7,"constraints":["zone=edge","disk!=hdd"],"strategy":"binpack",
                 "affinity":"/data/set1","restart":{"policy":"on-failure","maxRestarts":5}}""");
        assertThat(job.desired()).isEqualTo("running");
        assertThat(job.submittedBy()).isEqualTo("alice");
        assertThat(job.submittedAt()).isEqualTo("2026-01-01T00:00:00Z");
        JobSpec spec = job.toSpec();
        assertThat(spec.command()).isEqualTo("/bin/sh");
        assertThat(spec.args()).containsExactly("-c", "echo hi");
        assertThat(spec.cpu()).isEqualTo(CpuRequest.shared(500));
        assertThat(spec.memoryBytes()).isEqualTo(256L << 20);
        assertThat(spec.replicas()).isEqualTo(3);
        assertThat(spec.priority()).isEqualTo(7);
        assertThat(spec.constraints()).hasSize(2);
        assertThat(spec.strategy()).isEqualTo(PlacementStrategy.BINPACK);
        assertThat(spec.affinityPath()).hasValue("/data/set1");
        assertThat(spec.restart()).isEqualTo(RestartPolicy.onFailure(5));
    }

    @Test
    void defaultsAreOneReplicaPriorityZeroSpreadAndNoRestarts() {
        JobSpec spec = parse("{\"name\":\"a\",\"command\":[\"/bin/true\"],\"exclusiveCpus\":2,\"memoryBytes\":1000}").toSpec();
        assertThat(spec.cpu()).isEqualTo(CpuRequest.exclusive(2));
        assertThat(spec.replicas()).isEqualTo(1);
        assertThat(spec.priority()).isZero();
        assertThat(spec.strategy()).isEqualTo(PlacementStrategy.SPREAD);
        assertThat(spec.restart()).isEqualTo(RestartPolicy.never());
        assertThat(parse("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"restart\":{\"policy\":\"always\"}}")
                .toSpec().restart()).isEqualTo(RestartPolicy.always(JobLimits.DEFAULT_MAX_RESTARTS));
        assertThat(parse("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"restart\":{\"policy\":\"never\",\"maxRestarts\":3}}")
                .toSpec().restart()).as("a maximum is meaningless without restarts").isEqualTo(RestartPolicy.never());
    }

    @Test
    void cpusAreKeptExactToTheMillicore() {
        JobRecord job = parse("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":0.1,\"memoryBytes\":1}");
        assertThat(job.cpus()).isEqualTo(new BigDecimal("0.1"));
        assertThat(job.toSpec().cpu()).isEqualTo(CpuRequest.shared(100));
        assertThat(parse("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":10.000,\"memoryBytes\":1}").cpus().toString()).isEqualTo("10");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":0.0005,\"memoryBytes\":1}", "multiple of 0.001");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":0,\"memoryBytes\":1}", "more than 0");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1025,\"memoryBytes\":1}", "at most 1024");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":\"1\",\"memoryBytes\":1}", "cpus must be a number");
    }

    @ParameterizedTest
    @CsvSource({"256Mi,268435456", "1.5Gi,1610612736", "500M,500000000", "4096,4096", "2Ki,2048", "1Pi,1125899906842624"})
    void memoryQuantitiesInEveryUnit(String text, long bytes) {
        assertThat(parse("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memory\":\"" + text + "\"}").memoryBytes()).isEqualTo(bytes);
    }

    @Test
    void badMemoryIsRefusedByTheRule() {
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memory\":\"256MB\"}", "Ki, Mi, Gi");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memory\":\"0\"}", "between 1 byte and 1Pi");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memory\":\"2Pi\"}", "between 1 byte and 1Pi");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memory\":\"0.5\"}", "whole number of bytes");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memory\":\"1Gi\",\"memoryBytes\":5}", "exactly one of memory");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1}", "exactly one of memory");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":-1}", "memoryBytes must be a whole number");
    }

    @Test
    void everyRuleIsNamedWhenBroken() {
        refused("[]", "JSON object");
        refused("", "JSON object");
        refused("{\"name\":", "not valid JSON");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"colour\":\"red\"}", "unknown field 'colour'");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"restart\":{\"when\":1}}", "unknown field 'restart.when'");
        refused("{\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1}", "name is required");
        refused("{\"name\":\"" + "n".repeat(41) + "\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1}", "at most 40 characters");
        refused("{\"name\":\"Bad_Name\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1}", "name must match");
        refused("{\"name\":\"a\",\"command\":[],\"cpus\":1,\"memoryBytes\":1}", "command must be a non-empty array");
        refused("{\"name\":\"a\",\"command\":\"ls\",\"cpus\":1,\"memoryBytes\":1}", "command must be a non-empty array");
        refused("{\"name\":\"a\",\"command\":[\" \"],\"cpus\":1,\"memoryBytes\":1}", "command must not be blank");
        refused("{\"name\":\"a\",\"command\":[\"x\",3],\"cpus\":1,\"memoryBytes\":1}", "only strings");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"memoryBytes\":1}", "exactly one of cpus");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"exclusiveCpus\":1,\"memoryBytes\":1}", "exactly one of cpus");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"exclusiveCpus\":1.5,\"memoryBytes\":1}", "exclusiveCpus must be a whole number");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"replicas\":1001}", "replicas must be between 1 and 1000");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"replicas\":0}", "replicas must be between 1 and 1000");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"priority\":1001}", "priority must be between 0 and 1000");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"constraints\":[\"zone\"]}", "key=value or key!=value");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"strategy\":\"random\"}", "spread or binpack");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"affinity\":\"data\"}", "affinity path must be absolute");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"restart\":{\"policy\":\"sometimes\"}}", "never, on-failure or always");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"restart\":{\"policy\":\"always\",\"maxRestarts\":-1}}",
                "max restarts must be between 0");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"env\":{\"1BAD\":\"x\"}}", "env variable names");
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"env\":{\"A\":1}}", "env value of A must be a string");
        refused("{\"name\":\"a\",\"command\":[\"x\\u0000y\"],\"cpus\":1,\"memoryBytes\":1}", "NUL");
    }

    @Test
    void commandAndEnvironmentAreBounded() {
        String tooManyArgs = "[" + "\"a\",".repeat(JobLimits.MAX_COMMAND_ARGS) + "\"a\"]";
        refused("{\"name\":\"a\",\"command\":" + tooManyArgs + ",\"cpus\":1,\"memoryBytes\":1}", "the limit is " + JobLimits.MAX_COMMAND_ARGS);
        String longArg = "x".repeat(JobLimits.MAX_COMMAND_BYTES);
        refused("{\"name\":\"a\",\"command\":[\"x\",\"" + longArg + "\"],\"cpus\":1,\"memoryBytes\":1}", "the limit is " + JobLimits.MAX_COMMAND_BYTES);
        String bigValue = "v".repeat(JobLimits.MAX_ENV_BYTES);
        refused("{\"name\":\"a\",\"command\":[\"x\"],\"cpus\":1,\"memoryBytes\":1,\"env\":{\"A\":\"" + bigValue + "\"}}",
                "the limit is " + JobLimits.MAX_ENV_BYTES);
    }
}
