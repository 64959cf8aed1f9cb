package io.coterie.naming.service;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The naming service's settings ({@code coterie.naming.*}, or {@code COTERIE_NAMING_*}).
 *
 * @param maxStaleness   resolves answer from the cache while it is at most this old, else from the store;
 *                       writes wait up to this long for the cache to show them
 * @param cachePollWait  how long each of the cache's polls waits on the store for a change; a healthy
 *                       cache is at most about twice this old
 * @param watchKeepAlive how often an idle watch stream gets a keep-alive comment
 */
@ConfigurationProperties("coterie.naming")
public record NamingSettings(
        @DefaultValue("2s") Duration maxStaleness,
        @DefaultValue("500ms") Duration cachePollWait,
        @DefaultValue("15s") Duration watchKeepAlive) {
}
