package io.coterie.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides where one more replica of a job goes. Stateless and deterministic: the same snapshot and
 * job give the same decision whatever order the hosts were listed in.
 *
 * <p>Feasibility, host by host (the first failure is the host's reason in the explanation):
 * the host is up; it satisfies every label constraint; its {@link HostLedger} has room.
 *
 * <p>Among feasible hosts: hosts holding the job's affinity path (or a directory above it) come
 * first. That preference is soft: it decides only between hosts that fit, and outranks the
 * strategy, so a SPREAD job with affinity spreads over the data holders while they have room and
 * only then over the rest. Then SPREAD prefers fewer replicas of the same job, then the lowest
 * utilisation; BINPACK prefers the highest utilisation. Utilisation is the mean of the CPU and
 * memory fractions the host would have with the replica on it. Last, the smaller host id wins.
 *
 * <p>Only if no host is feasible does the placer look at preemption, and only on hosts that
 * failed for lack of room (never on a down host or one the constraints exclude). Per host it picks
 * victims as {@link Preemption#victims} does; among hosts it prefers the plan whose most important
 * victim is least important, then fewer victims, then the data holders, then the smaller host id.
 *
 * <p>Cost: one pass over the hosts, constant work per host apart from the job's constraints and
 * the depth of its affinity path; a second pass over hosts that lacked room (and their
 * lower-priority allocations) only when nothing fits.
 */
public final class Placer {

    static final String DOWN = "down";

    private static final Comparator<Plan> CHEAPEST_PLAN = Comparator
            .comparingInt((Plan plan) -> plan.victims().get(plan.victims().size() - 1).priority())
            .thenComparingInt(plan -> plan.victims().size())
            .thenComparing(plan -> !plan.holdsData())
            .thenComparing(plan -> plan.ledger().host().id());

    public Decision place(ClusterSnapshot cluster, JobSpec job) {
        Resources request = job.resources();
        Affinity affinity = Affinity.of(job);
        Comparator<Candidate> order = Candidate.order(job.strategy());
        Map<String, Integer> rejections = new HashMap<>();
        List<HostLedger> shortOfRoom = new ArrayList<>();
        Candidate best = null;
        for (int i = 0; i < cluster.size(); i++) {
            HostLedger ledger = cluster.ledgerAt(i);
            String rejection = rejection(ledger.host(), job);
            if (rejection == null && !ledger.fits(request)) {
                rejection = ledger.shortfall(request).orElseThrow();
                shortOfRoom.add(ledger);
            }
            if (rejection != null) {
                rejections.merge(rejection, 1, Integer::sum);
                continue;
            }
            Candidate candidate = new Candidate(ledger, affinity.favours(ledger.host()),
                    ledger.replicasOf(job.name()), ledger.utilisationWith(request));
            if (best == null || order.compare(candidate, best) < 0) {
                best = candidate;
            }
        }
        if (best != null) {
            return new Placement(best.ledger().host().id(), best.ledger().lowestUnpinnedFor(job.cpu()));
        }
        Explanation why = new Explanation(cluster.size(), rejections);
        return preemption(shortOfRoom, job, affinity, why).<Decision>map(plan -> plan).orElseGet(() -> new Pending(why));
    }

    /** Why {@code host} cannot take any replica of {@code job} whatever it holds, or null. */
    private static String rejection(Host host, JobSpec job) {
        if (!host.up()) {
            return DOWN;
        }
        for (LabelConstraint constraint : job.constraints()) {
            if (!constraint.matches(host.labels())) {
                return constraint.rejection();
            }
        }
        return null;
    }

    private static Optional<PreemptionPlan> preemption(List<HostLedger> shortOfRoom, JobSpec job, Affinity affinity,
                                                       Explanation why) {
        Plan best = null;
        for (HostLedger ledger : shortOfRoom) {
            Optional<List<Allocation>> victims = Preemption.victims(ledger, job.resources(), job.priority());
            if (victims.isPresent()) {
                Plan plan = new Plan(ledger, victims.get(), affinity.favours(ledger.host()));
                if (best == null || CHEAPEST_PLAN.compare(plan, best) < 0) {
                    best = plan;
                }
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        HostLedger emptied = best.ledger().copy();
        best.victims().forEach(victim -> emptied.remove(victim.id()));
        return Optional.of(new PreemptionPlan(emptied.host().id(), best.victims(), emptied.lowestUnpinnedFor(job.cpu()), why));
    }

    private record Plan(HostLedger ledger, List<Allocation> victims, boolean holdsData) {
    }
}
