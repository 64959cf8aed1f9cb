package io.coterie.telemetry.service.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.coterie.telemetry.client.TelemetryWire;
import io.coterie.testsupport.db.TestDatabase;
import io.coterie.telemetry.service.ingest.StoredOffsets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** Without a broker the status still answers, from the stored offsets alone, and says the lag is unknown. */
class LagMonitorTest {

    @Test
    void withoutABrokerOnlyTheStoredOffsetsAreKnown() throws Exception {
        String url = TestDatabase.fresh("telemetry_lag");
        Flyway.configure().dataSource(url, TestDatabase.user(), "").load().migrate();
        JdbcClient db = JdbcClient.create(new DriverManagerDataSource(url, TestDatabase.user(), ""));
        db.sql("insert into telemetry_offsets (topic, partition, next_offset) values (?, 1, 42), (?, 0, 7), ('other', 0, 9)")
                .params(TelemetryWire.TOPIC, TelemetryWire.TOPIC).update();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (Admin nowhere = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + closedPort,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000))) {
            TopicProgress progress = new LagMonitor(nowhere, new StoredOffsets(db), new SimpleMeterRegistry()).measure();
            assertThat(progress.brokerReachable()).isFalse();
            assertThat(progress.totalLag()).isNull();
            assertThat(progress.partitions()).containsExactly(new TopicProgress.Partition(0, 7, null, null),
                    new TopicProgress.Partition(1, 42, null, null));
        }
    }
}
