package io.coterie.telemetry.service.ingest;

import io.coterie.telemetry.service.TelemetrySettings;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    /** Creates the topics and reads their end offsets (lag); thread-safe, so one serves both. */
    @Bean(destroyMethod = "close")
    Admin telemetryAdmin(TelemetrySettings settings) {
        return KafkaClients.admin(settings);
    }
}
