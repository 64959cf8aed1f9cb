package io.coterie.telemetry.service;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * Consumes topic {@code coterie.telemetry} into PostgreSQL exactly once, keeps per-second and
 * per-minute rollups, drops what is older than the retention, sends what it cannot store to a
 * dead-letter topic, and answers range queries and live tails over HTTP.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TelemetryApplication {

    /** Timestamp checks and retention read time from here, so that tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(TelemetryApplication.class, args);
    }
}
