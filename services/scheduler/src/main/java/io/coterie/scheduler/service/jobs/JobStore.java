package io.coterie.scheduler.service.jobs;

import io.coterie.api.ProblemType;
import io.coterie.consensus.client.Compare;
import io.coterie.consensus.client.KeyValue;
import io.coterie.consensus.client.Op;
import io.coterie.consensus.client.RangePage;
import io.coterie.consensus.client.Txn;
import io.coterie.consensus.client.TxnResult;
import io.coterie.scheduler.service.store.BlockingStore;
import io.coterie.scheduler.service.store.JobRecord;
import io.coterie.scheduler.service.store.SchedulerKeys;
import io.coterie.scheduler.service.store.StoreJson;
import io.coterie.service.ApiException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Writes job keys for the API. Any instance does, leader or not: a job key is the user's wish, not
 * a placement, so it needs no fencing; the leader reconciles whatever is there.
 */
@Component
class JobStore {

    /** A stop rewrites the job key only if nobody changed it since it was read; this many tries. */
    private static final int STOP_ATTEMPTS = 10;

    private final BlockingStore store;

    JobStore(BlockingStore store) {
        this.store = store;
    }

    /** Writes a new job; 409 if a job of that name exists, running or still stopping. */
    void submit(JobRecord job) {
        String key = SchedulerKeys.job(job.name());
        TxnResult result = store.txn(Txn.builder()
                .when(Compare.absent(key))
                .then(Op.put(key, StoreJson.encode(job)))
                .otherwise(Op.get(key))
                .build());
        if (!result.succeeded()) {
            throw conflict(job.name(), existing(key, result));
        }
    }

    /** Marks the job stopped (the leader then removes its allocations); empty if there is no such job. */
    Optional<JobRecord> stop(String name) {
        String key = SchedulerKeys.job(name);
        for (int attempt = 0; attempt < STOP_ATTEMPTS; attempt++) {
            Optional<KeyValue> kv = store.get(key);
            if (kv.isEmpty()) {
                return Optional.empty();
            }
            JobRecord job = StoreJson.decode(key, kv.get().value(), JobRecord.class);
            if (!job.running()) {
                return Optional.of(job);
            }
            JobRecord stopped = job.stopped();
            TxnResult result = store.txn(Txn.builder()
                    .when(Compare.modRevision(key, Compare.Result.EQUAL, kv.get().modRevision()))
                    .then(Op.put(key, StoreJson.encode(stopped)))
                    .build());
            if (result.succeeded()) {
                return Optional.of(stopped);
            }
        }
        throw new ApiException(ProblemType.CONFLICT, "job " + name + " kept changing while it was being stopped; try again");
    }

    private static JobRecord existing(String key, TxnResult result) {
        RangePage page = (RangePage) result.results().get(0);
        return page.kvs().isEmpty() ? null : StoreJson.decode(key, page.kvs().get(0).value(), JobRecord.class);
    }

    private static ApiException conflict(String name, JobRecord existing) {
        if (existing != null && !existing.running()) {
            return new ApiException(ProblemType.CONFLICT, "job " + name + " is still stopping; submit it again once "
                    + "GET /v1/jobs/" + name + " answers 404");
        }
        return new ApiException(ProblemType.CONFLICT, "job " + name + " already exists; stop it first (DELETE /v1/jobs/" + name + ")");
    }
}
