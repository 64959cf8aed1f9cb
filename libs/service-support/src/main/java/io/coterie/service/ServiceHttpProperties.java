package io.coterie.service;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** HTTP limits every service enforces. */
@ConfigurationProperties("coterie.http")
public record ServiceHttpProperties(@DefaultValue("4194304") long maxRequestBytes) {
}
