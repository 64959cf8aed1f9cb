package io.coterie.scheduler.service.jobs;

import io.coterie.api.ProblemType;
import io.coterie.consensus.client.KeyValue;
import io.coterie.scheduler.service.SchedulerSettings;
import io.coterie.scheduler.service.store.AgentAddress;
import io.coterie.scheduler.service.store.BlockingStore;
import io.coterie.scheduler.service.store.HostRecord;
import io.coterie.scheduler.service.store.ReplicaRecord;
import io.coterie.scheduler.service.store.SchedulerKeys;
import io.coterie.scheduler.service.store.StoreJson;
import io.coterie.service.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Relays a replica's log from the agent of the host it runs on ({@code GET
 * http://AGENT/v1/allocations/ALLOC/logs}), with the caller's own token: the agent checks it too.
 * The agent's answer (status, media type, body up to {@code max-log-bytes}) goes back as it is,
 * unless the agent fails (5xx) or cannot be reached, which is a 503 problem here.
 */
@Component
class AgentLogs {

    static final int MAX_TAIL = 10_000;
    static final int DEFAULT_TAIL = 100;

    private final BlockingStore store;
    private final SchedulerSettings settings;
    private final HttpClient http;

    AgentLogs(BlockingStore store, SchedulerSettings settings) {
        this.store = store;
        this.settings = settings;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.agentTimeout()).build();
    }

    ResponseEntity<byte[]> logs(String job, int index, String stream, int tail, String authorization) {
        if (!stream.equals("stdout") && !stream.equals("stderr")) {
            throw ApiException.badRequest("stream must be stdout or stderr (got '" + stream + "')");
        }
        if (tail < 1 || tail > MAX_TAIL) {
            throw ApiException.badRequest("tail must be between 1 and " + MAX_TAIL + " (got " + tail + ")");
        }
        if (index < 0) {
            throw ApiException.badRequest("index must be 0 or more (got " + index + ")");
        }
        ReplicaRecord replica = replica(job, index);
        AgentAddress agent = agentOf(replica);
        URI uri = agent.uri("/v1/allocations/" + replica.alloc() + "/logs?stream=" + stream + "&tail=" + tail);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.agentTimeout()).GET();
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        HttpResponse<InputStream> answer;
        byte[] body;
        try {
            answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = answer.body()) {
                body = in.readNBytes(settings.maxLogBytes());
            }
        } catch (IOException e) {
            throw new ApiException(ProblemType.UNAVAILABLE, "the agent of host " + replica.host() + " (" + uri.getAuthority()
                    + ") did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ProblemType.UNAVAILABLE, "interrupted while waiting for the agent of host " + replica.host());
        }
        if (answer.statusCode() >= 500) {
            throw new ApiException(ProblemType.UNAVAILABLE, "the agent of host " + replica.host() + " failed (" + answer.statusCode() + ")");
        }
        ResponseEntity.BodyBuilder relayed = ResponseEntity.status(answer.statusCode());
        answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).ifPresent(type -> relayed.header(HttpHeaders.CONTENT_TYPE, type));
        return relayed.body(body);
    }

    private ReplicaRecord replica(String job, int index) {
        Optional<KeyValue> replica = store.get(SchedulerKeys.replica(job, index));
        if (replica.isPresent()) {
            return StoreJson.decode(replica.get().key(), replica.get().value(), ReplicaRecord.class);
        }
        if (store.get(SchedulerKeys.job(job)).isEmpty()) {
            throw ApiException.notFound("no job " + job);
        }
        throw ApiException.notFound("replica " + index + " of job " + job + " has no allocation (pending, stopped, or no such index)");
    }

    private AgentAddress agentOf(ReplicaRecord replica) {
        Optional<KeyValue> host = store.get(SchedulerKeys.host(replica.host()));
        if (host.isEmpty()) {
            throw new ApiException(ProblemType.UNAVAILABLE, "host " + replica.host() + " of allocation " + replica.alloc() + " is down");
        }
        try {
            return StoreJson.decode(host.get().key(), host.get().value(), HostRecord.class).agent();
        } catch (IllegalArgumentException | StoreJson.UnreadableValueException e) {
            throw new ApiException(ProblemType.UNAVAILABLE, "host " + replica.host() + " advertises no usable address: " + e.getMessage());
        }
    }
}
