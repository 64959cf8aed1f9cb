package io.coterie.gateway.rpc;

import io.coterie.naming.Instance;
import io.netty.channel.ChannelOption;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Calls {@code POST /rpc/{method}} on a workload (docs/rpc.md, the workload side) over kept-alive
 * HTTP/1.1 connections, with the caller's token, what remains of its deadline and its key.
 */
final class WorkloadClient implements AutoCloseable {

    static final String TIMEOUT_HEADER = "Coterie-Timeout";
    static final String KEY_HEADER = "Idempotency-Key";
    static final String OUTCOME_HEADER = "Coterie-Outcome";

    /** What the workload answered; the body at most {@link CallRules#MAX_BODY_BYTES}. */
    record Answer(int status, String outcome, String contentType, byte[] body) {
    }

    /** Nothing was sent: the connection was refused or never came up. Safe to send elsewhere. */
    static final class NotSent extends Exception {
        NotSent(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** The exchange broke after the request may have reached the workload: it may have run. */
    static final class Broken extends Exception {
        Broken(Throwable cause) {
            super(String.valueOf(cause.getMessage()), cause, false, false);
        }
    }

    /** The workload answered more than a result may hold. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super("the result is larger than " + CallRules.MAX_BODY_BYTES + " bytes", null, false, false);
        }
    }

    private final ConnectionProvider connections;
    private final WebClient web;

    WorkloadClient(Duration connectTimeout) {
        this.connections = ConnectionProvider.builder("coterie-rpc")
                .maxConnections(1024)
                .pendingAcquireMaxCount(-1)
                // Below the workloads' own idle limits, so that we never send on a connection they are closing.
                .maxIdleTime(Duration.ofSeconds(15))
                .build();
        HttpClient http = HttpClient.create(connections)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .keepAlive(true);
        this.web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    Mono<Answer> send(Instance instance, String method, String token, byte[] body, String key, Instant deadline) {
        String host = instance.address().indexOf(':') >= 0 ? "[" + instance.address() + "]" : instance.address();
        String url = "http://" + host + ":" + instance.port() + "/rpc/" + method;
        return Mono.defer(() -> web.post().uri(url)
                        .headers(headers -> {
                            headers.setBearerAuth(token);
                            headers.set(TIMEOUT_HEADER, Long.toString(Math.max(1, Duration.between(Instant.now(), deadline).toMillis())));
                            if (key != null) {
                                headers.set(KEY_HEADER, key);
                            }
                            headers.setContentType(MediaType.APPLICATION_JSON);
                            headers.setAccept(java.util.List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
                        })
                        .bodyValue(body)
                        .exchangeToMono(response -> DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), CallRules.MAX_BODY_BYTES)
                                .map(WorkloadClient::bytes)
                                .defaultIfEmpty(new byte[0])
                                .map(bytes -> new Answer(response.statusCode().value(),
                                        response.headers().asHttpHeaders().getFirst(OUTCOME_HEADER),
                                        response.headers().contentType().map(MediaType::toString).orElse(null), bytes))))
                .onErrorMap(WorkloadClient::classify);
    }

    private static byte[] bytes(DataBuffer buffer) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            return bytes;
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static Throwable classify(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataBufferLimitException) {
                return new TooLarge();
            }
            // Refused, or not connected in time (Netty's ConnectTimeoutException is one): nothing left this gateway.
            if (cause instanceof ConnectException) {
                return new NotSent(cause);
            }
        }
        return new Broken(failure);
    }

    @Override
    public void close() {
        connections.dispose();
    }
}
