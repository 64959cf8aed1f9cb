package io.coterie.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random clusters and random job streams (with host losses) applied through the placer, checked
 * against a model of capacity written from the definition rather than from {@link HostLedger}:
 * pinning k CPUs needs k unpinned ids and leaves the shared quota room in the CPUs still unpinned,
 * and the shared pool always keeps at least one CPU, its highest id (cpus - 1), which is never
 * pinned, so a 1-CPU host pins nothing.
 */
class PlacementInvariantsTest {

    private static final long MIB = 1L << 20;
    private static final List<String> CONSTRAINTS = List.of("zone=a", "zone=b", "zone!=edge", "disk=ssd", "disk!=hdd");

    private final Placer placer = new Placer();

    // ---- generators ----

    record HostShape(int cpus, int memoryHalfGibs, String zone, String disk, boolean up, Set<String> dataPaths) {
    }

    sealed interface Step permits JobStep, LoseHost {
    }

    record JobStep(CpuRequest cpu, int memory128Mibs, int priority, int replicas, List<String> constraints,
                   PlacementStrategy strategy, String affinity) implements Step {
    }

    record LoseHost(int which) implements Step {
    }

    @Provide
    Arbitrary<List<Host>> clusters() {
        Arbitrary<HostShape> shape = Combinators.combine(
                Arbitraries.integers().between(1, 16),
                Arbitraries.integers().between(1, 64),
                Arbitraries.of("a", "b", "edge").injectNull(0.2),
                Arbitraries.of("ssd", "hdd").injectNull(0.3),
                Arbitraries.frequency(Tuple.of(85, true), Tuple.of(15, false)),
                Arbitraries.of("/data/a", "/data/b", "/data", "/logs").set().ofMaxSize(2)).as(HostShape::new);
        return shape.list().ofMinSize(1).ofMaxSize(30).map(shapes -> {
            List<Host> hosts = new ArrayList<>();
            for (int i = 0; i < shapes.size(); i++) {
                HostShape s = shapes.get(i);
                Map<String, String> labels = new HashMap<>();
                if (s.zone() != null) {
                    labels.put("zone", s.zone());
                }
                if (s.disk() != null) {
                    labels.put("disk", s.disk());
                }
                hosts.add(new Host(String.format("h%02d", i), labels, s.cpus(), s.memoryHalfGibs() * 512 * MIB, s.up(), s.dataPaths()));
            }
            return hosts;
        });
    }

    @Provide
    Arbitrary<List<Step>> streams() {
        Arbitrary<CpuRequest> cpu = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 6000).map(CpuRequest::shared),
                Arbitraries.integers().between(1, 4).map(CpuRequest::exclusive));
        Arbitrary<Integer> priority = Arbitraries.oneOf(Arbitraries.of(0, 100, 500, 1000), Arbitraries.integers().between(0, 1000));
        Arbitrary<Step> job = Combinators.combine(
                cpu,
                Arbitraries.integers().between(1, 48),
                priority,
                Arbitraries.integers().between(1, 4),
                Arbitraries.of(CONSTRAINTS).list().ofMaxSize(2),
                Arbitraries.of(PlacementStrategy.class),
                Arbitraries.of("/data/a", "/data/a/x", "/data/b/y", "/logs").injectNull(0.5)).as(JobStep::new);
        Arbitrary<Step> loss = Arbitraries.integers().between(0, 29).map(LoseHost::new);
        return Arbitraries.frequencyOf(Tuple.of(9, job), Tuple.of(1, loss)).list().ofMaxSize(30);
    }

    private static JobSpec spec(JobStep step, String name) {
        JobSpec.Builder builder = JobSpec.builder(name).command("/bin/job").cpu(step.cpu())
                .memoryBytes(step.memory128Mibs() * 128 * MIB).priority(step.priority()).replicas(step.replicas())
                .strategy(step.strategy()).affinityPath(step.affinity());
        step.constraints().forEach(builder::constraints);
        return builder.build();
    }

    // ---- properties ----

    @Property(tries = 400)
    void everyDecisionKeepsCapacityConstraintsAndPriorities(@ForAll("clusters") List<Host> hosts,
                                                             @ForAll("streams") List<Step> steps) {
        ClusterSnapshot cluster = ClusterSnapshot.of(hosts, List.of());
        Map<String, JobSpec> jobs = new HashMap<>();
        int nextId = 0;
        for (int s = 0; s < steps.size(); s++) {
            if (steps.get(s) instanceof LoseHost lose) {
                List<Host> now = cluster.hosts();
                String hostId = now.get(lose.which() % now.size()).id();
                Set<String> down = now.stream().filter(host -> !host.up()).map(Host::id).collect(Collectors.toCollection(HashSet::new));
                down.add(hostId);
                List<Allocation> before = cluster.allocations();
                HostLoss loss = HostLoss.of(cluster, Set.of(hostId));
                assertThat(loss.lost()).containsExactlyInAnyOrderElementsOf(
                        before.stream().filter(allocation -> down.contains(allocation.hostId())).toList());
                cluster = loss.after();
                checkCapacity(cluster);
                for (Allocation lost : loss.lost()) {
                    placeChecked(cluster, jobs.get(lost.job()), lost.index(), "a" + nextId++);
                }
            } else {
                JobSpec job = spec((JobStep) steps.get(s), "job-" + s);
                jobs.put(job.name(), job);
                for (int index = 0; index < job.replicas(); index++) {
                    placeChecked(cluster, job, index, "a" + nextId++);
                }
            }
        }
    }

    @Property(tries = 200)
    void placingAllReplicasAtOnceDecidesAsPlacingThemOneByOne(@ForAll("clusters") List<Host> hosts,
                                                              @ForAll("streams") List<Step> steps) {
        ClusterSnapshot together = ClusterSnapshot.of(hosts, List.of());
        ClusterSnapshot oneByOne = ClusterSnapshot.of(hosts, List.of());
        AllocationIds ids = (job, index) -> job.name() + "/" + index;
        ReplicaPlacer replicas = new ReplicaPlacer(placer);
        for (int s = 0; s < steps.size(); s++) {
            if (steps.get(s) instanceof JobStep step) {
                JobSpec job = spec(step, "job-" + s);
                ReplicaPlan plan = replicas.placeAll(together, job, ids);
                for (ReplicaDecision replica : plan.decisions()) {
                    Decision decision = placer.place(oneByOne, job);
                    assertThat(replica.decision()).isEqualTo(decision);
                    assertThat(replica.allocation()).isEqualTo(oneByOne.apply(decision, ids.idFor(job, replica.index()), job, replica.index()));
                }
                assertThat(plan.after().allocations()).isEqualTo(oneByOne.allocations());
                together = plan.after();
            }
        }
    }

    @Property(tries = 200)
    void theDecisionDoesNotDependOnTheOrderOfTheInput(@ForAll("clusters") List<Host> hosts,
                                                      @ForAll("streams") List<Step> steps, @ForAll Random random) {
        ClusterSnapshot cluster = ClusterSnapshot.of(hosts, List.of());
        JobSpec last = null;
        for (int s = 0; s < steps.size(); s++) {
            if (steps.get(s) instanceof JobStep step) {
                last = spec(step, "job-" + s);
                cluster = new ReplicaPlacer(placer).placeAll(cluster, last, (job, index) -> job.name() + "/" + index).after();
            }
        }
        if (last == null) {
            return;
        }
        List<Host> shuffledHosts = new ArrayList<>(hosts);
        List<Allocation> shuffledAllocations = new ArrayList<>(cluster.allocations());
        Collections.shuffle(shuffledHosts, random);
        Collections.shuffle(shuffledAllocations, random);

        assertThat(placer.place(ClusterSnapshot.of(shuffledHosts, shuffledAllocations), last))
                .isEqualTo(placer.place(cluster, last));
    }

    // ---- the checks ----

    private void placeChecked(ClusterSnapshot cluster, JobSpec job, int index, String allocationId) {
        Decision decision = placer.place(cluster, job);
        Statistics.label("decision").collect(decision.getClass().getSimpleName());
        List<Host> hosts = cluster.hosts();
        Map<String, List<Allocation>> byHost = cluster.allocations().stream().collect(Collectors.groupingBy(Allocation::hostId));
        List<Host> usable = hosts.stream().filter(host -> host.up() && satisfiesConstraints(host, job)).toList();
        List<Host> feasible = usable.stream().filter(host -> fits(host, byHost.getOrDefault(host.id(), List.of()), job)).toList();

        if (decision instanceof Placement placement) {
            Host host = cluster.host(placement.hostId()).orElseThrow();
            assertThat(feasible).as("placed on a host that is up, allowed and has room").contains(host);
            assertPinnable(host, byHost.getOrDefault(host.id(), List.of()), job, placement.exclusiveCpuIds());
            if (feasible.stream().anyMatch(candidate -> holdsData(candidate, job))) {
                assertThat(holdsData(host, job)).as("a feasible data holder wins").isTrue();
            }
        } else {
            assertThat(feasible).as("preempts or waits only when nothing fits").isEmpty();
            Explanation why = decision instanceof Pending pending ? pending.explanation() : ((PreemptionPlan) decision).withoutPreemption();
            assertThat(why.hosts()).isEqualTo(hosts.size());
            assertThat(why.rejected()).as(why.toString()).isEqualTo(hosts.size());
            assertThat(why.count("down")).isEqualTo(hosts.stream().filter(host -> !host.up()).count());
            if (decision instanceof PreemptionPlan plan) {
                Host host = cluster.host(plan.hostId()).orElseThrow();
                assertThat(usable).as("preempts only on a host that is up and allowed").contains(host);
                List<Allocation> there = byHost.getOrDefault(host.id(), List.of());
                assertThat(there).containsAll(plan.victims());
                assertThat(plan.victims()).isNotEmpty().allSatisfy(victim -> assertThat(victim.priority()).isLessThan(job.priority()));
                assertThat(plan.victims()).isSortedAccordingTo(HostLedger.LEAST_IMPORTANT_FIRST);
                List<Allocation> remaining = new ArrayList<>(there);
                remaining.removeAll(plan.victims());
                assertThat(fits(host, remaining, job)).as("the victims make room").isTrue();
                for (Allocation spared : plan.victims()) {
                    List<Allocation> withSpared = new ArrayList<>(remaining);
                    withSpared.add(spared);
                    assertThat(fits(host, withSpared, job)).as("no victim is evicted for nothing").isFalse();
                }
                assertPinnable(host, remaining, job, plan.exclusiveCpuIds());
            } else {
                for (Host host : usable) {
                    List<Allocation> untouchable = byHost.getOrDefault(host.id(), List.of()).stream()
                            .filter(allocation -> allocation.priority() >= job.priority()).toList();
                    assertThat(fits(host, untouchable, job)).as("pending although preempting on " + host.id() + " would do").isFalse();
                }
            }
        }
        Optional<Allocation> added = cluster.apply(decision, allocationId, job, index);
        assertThat(added.isPresent()).isEqualTo(!(decision instanceof Pending));
        checkCapacity(cluster);
    }

    /** No host over its CPU (shared quota plus pinned CPUs) or memory; no CPU pinned twice; nothing on a down host. */
    private static void checkCapacity(ClusterSnapshot cluster) {
        Map<String, List<Allocation>> byHost = cluster.allocations().stream().collect(Collectors.groupingBy(Allocation::hostId));
        for (Host host : cluster.hosts()) {
            List<Allocation> there = byHost.getOrDefault(host.id(), List.of());
            if (!host.up()) {
                assertThat(there).as("allocations on down host " + host.id()).isEmpty();
            }
            List<Integer> pinned = there.stream().flatMap(allocation -> allocation.exclusiveCpuIds().stream()).toList();
            assertThat(new HashSet<>(pinned)).as("a CPU pinned twice on " + host.id()).hasSameSizeAs(pinned);
            assertThat(pinned).as("pinned CPUs of " + host.id() + " leave its last to the shared pool")
                    .allSatisfy(id -> assertThat(id).isBetween(0, host.cpus() - 2));
            long shared = there.stream().filter(allocation -> !allocation.isExclusive()).mapToLong(allocation -> allocation.cpu().millicores()).sum();
            assertThat(shared).as("shared quota within the unpinned CPUs of " + host.id())
                    .isLessThanOrEqualTo((host.cpus() - pinned.size()) * 1000L);
            assertThat(there.stream().mapToLong(Allocation::memoryBytes).sum()).isLessThanOrEqualTo(host.memoryBytes());
            cluster.ledger(host.id()).checkInvariants();
        }
    }

    private static boolean fits(Host host, List<Allocation> there, JobSpec job) {
        Set<Integer> pinned = new HashSet<>();
        long shared = 0;
        long memory = 0;
        for (Allocation allocation : there) {
            pinned.addAll(allocation.exclusiveCpuIds());
            shared += allocation.isExclusive() ? 0 : allocation.cpu().millicores();
            memory += allocation.memoryBytes();
        }
        int pinning = job.cpu() instanceof CpuRequest.Exclusive exclusive ? exclusive.cpus() : 0;
        shared += job.cpu() instanceof CpuRequest.Shared request ? request.millicores() : 0;
        int unpinnedAfter = host.cpus() - pinned.size() - pinning;
        return unpinnedAfter >= 1 && unpinnedAfter * 1000L >= shared && memory + job.memoryBytes() <= host.memoryBytes();
    }

    private static void assertPinnable(Host host, List<Allocation> there, JobSpec job, List<Integer> ids) {
        int wanted = job.cpu() instanceof CpuRequest.Exclusive exclusive ? exclusive.cpus() : 0;
        Set<Integer> pinned = there.stream().flatMap(allocation -> allocation.exclusiveCpuIds().stream()).collect(Collectors.toSet());
        assertThat(ids).hasSize(wanted).doesNotHaveDuplicates().allSatisfy(id -> {
            assertThat(id).isBetween(0, host.cpus() - 2);
            assertThat(pinned).doesNotContain(id);
        });
    }

    private static boolean satisfiesConstraints(Host host, JobSpec job) {
        for (LabelConstraint constraint : job.constraints()) {
            String text = constraint.toString();
            int notEquals = text.indexOf("!=");
            boolean ok = notEquals >= 0
                    ? !text.substring(notEquals + 2).equals(host.labels().get(text.substring(0, notEquals)))
                    : text.substring(text.indexOf('=') + 1).equals(host.labels().get(text.substring(0, text.indexOf('='))));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean holdsData(Host host, JobSpec job) {
        return job.affinityPath().map(path -> host.dataPaths().stream()
                .anyMatch(held -> path.equals(held) || path.startsWith(held + "/"))).orElse(false);
    }
}
