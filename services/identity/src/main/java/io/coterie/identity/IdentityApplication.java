package io.coterie.identity;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Principals, roles, signed tokens, the signing keys every service verifies with, and cluster-unique IDs. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IdentityApplication {

    /** Key retention and rotation read time from here, so that tests can move it forward by days. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(IdentityApplication.class, args);
    }
}
