package io.coterie.consensus.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** One consensus peer and the store's HTTP API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ConsensusApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsensusApplication.class, args);
    }
}
