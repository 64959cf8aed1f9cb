package io.coterie.consensus.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.coterie.api.cluster.ClusterStatusView;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    /** Absent members are left out of answers, but "no leader" is news: it is shown as {@code "leader": null}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    private abstract static class ClusterStatusMixin {
    }

    @Bean
    JsonMapperBuilderCustomizer clusterStatusShowsAMissingLeader() {
        return builder -> builder.addMixIn(ClusterStatusView.class, ClusterStatusMixin.class);
    }
}
