package io.coterie.gateway.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import io.coterie.gateway.GatewayApplication;
import io.coterie.gateway.grpc.v1.CallReply;
import io.coterie.gateway.grpc.v1.CallRequest;
import io.coterie.gateway.grpc.v1.RpcGrpc;
import io.coterie.gateway.rpc.RpcResponse;
import io.coterie.teststore.TestStore;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.grpc.server.lifecycle.GrpcServerLifecycle;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * A gateway that stops refuses new gRPC calls at once and finishes the ones in flight. It runs a
 * gateway of its own: a test may not close a context the test framework manages.
 */
class RpcGrpcShutdownTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Dispatcher {
        @Bean
        @Primary
        TestDispatcher testDispatcher() {
            return new TestDispatcher();
        }
    }

    /** Leaves other tests' configurations out of component scanning, as {@code @SpringBootTest} does. */
    static final class TestComponentsExcluded extends TypeExcludeFilter {
        @Override
        public boolean match(MetadataReader reader, MetadataReaderFactory factory) {
            return reader.getAnnotationMetadata().isAnnotated(TestComponent.class.getName());
        }
    }

    @Test
    void aStoppingGatewayFinishesTheCallsInFlightAndRefusesNewOnes() throws Exception {
        ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class, Dispatcher.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("testComponentsExcluded", new TestComponentsExcluded()))
                .run("--server.port=0", "--coterie.gateway.grpc-port=" + TestStore.freePort(), "--coterie.store.members=" + TestStore.shared().members());
        TestDispatcher dispatcher = gateway.getBean(TestDispatcher.class);
        int port = gateway.getBean(GrpcServerLifecycle.class).getPort();
        assertThat(port).as("the configured port").isEqualTo(gateway.getEnvironment().getProperty("coterie.gateway.grpc-port", Integer.class));
        String authorization = "Bearer " + TestStore.shared().token("call:/robots/");
        Sinks.One<RpcResponse> held = Sinks.one();
        dispatcher.answer(request -> request.idempotencyKey().equals("held")
                ? held.asMono() : Mono.just(TestDispatcher.executed("\"soon\"", Map.of())));
        ManagedChannel channel = channel(port);
        try {
            ListenableFuture<CallReply> inFlight = RpcGrpc.newFutureStub(channel).withInterceptors(bearer(authorization))
                    .withDeadlineAfter(30, TimeUnit.SECONDS).call(call("held"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !dispatcher.requests.isEmpty());

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(gateway::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> refused(port, authorization));
            assertThat(inFlight.isDone()).as("the call in flight waits for its answer").isFalse();

            held.tryEmitValue(TestDispatcher.executed("\"done\"", Map.of()));
            assertThat(inFlight.get(10, TimeUnit.SECONDS).getJson()).isEqualTo("\"done\"");
            stopping.get(30, TimeUnit.SECONDS);
        } finally {
            channel.shutdownNow();
            gateway.close();
        }
    }

    /** Whether a new caller is turned away now (rather than served). */
    private static boolean refused(int port, String authorization) {
        ManagedChannel probe = channel(port);
        try {
            RpcGrpc.newBlockingStub(probe).withInterceptors(bearer(authorization)).withDeadlineAfter(2, TimeUnit.SECONDS)
                    .call(call("probe-" + System.nanoTime()));
            return false;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() == Status.Code.UNAVAILABLE;
        } finally {
            probe.shutdownNow();
        }
    }

    private static ManagedChannel channel(int port) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    private static io.grpc.ClientInterceptor bearer(String authorization) {
        Metadata headers = new Metadata();
        headers.put(AuthorizationMetadata.KEY, authorization);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private static CallRequest call(String key) {
        return CallRequest.newBuilder().setName("/robots/r1").setMethod("speed.get").setIdempotencyKey(key).build();
    }
}
