package io.coterie.naming.service;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The namespace over HTTP: bind, resolve, list and watch names; sessions for ephemeral entries. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NamingApplication {

    public static void main(String[] args) {
        SpringApplication.run(NamingApplication.class, args);
    }
}
