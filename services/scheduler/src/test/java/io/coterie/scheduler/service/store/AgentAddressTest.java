package io.coterie.scheduler.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AgentAddressTest {

    @Test
    void anAddressAndAPortAsTheAgentWritesThem() {
        assertThat(AgentAddress.of("10.0.0.7", 7700)).isEqualTo(new AgentAddress("10.0.0.7", 7700));
        assertThat(AgentAddress.of("[fd00::7]", 7700).uri("/v1/x").toString()).isEqualTo("http://[fd00::7]:7700/v1/x");
        assertThat(AgentAddress.of("fd00::7", 7700).uri("/v1/x").toString()).isEqualTo("http://[fd00::7]:7700/v1/x");
    }

    @Test
    void withoutAPortFieldTheAddressCarriesIt() {
        assertThat(AgentAddress.of("host-1.example:7700", null)).isEqualTo(new AgentAddress("host-1.example", 7700));
        assertThat(AgentAddress.of("[::1]:7700", null)).isEqualTo(new AgentAddress("::1", 7700));
        assertThat(AgentAddress.of("http://127.0.0.1:80", null)).isEqualTo(new AgentAddress("127.0.0.1", 80));
    }

    @Test
    void unusableAddressesAreRefusedSayingWhy() {
        assertThatThrownBy(() -> AgentAddress.of("127.0.0.1", null)).hasMessageContaining("not HOST:PORT");
        assertThatThrownBy(() -> AgentAddress.of("::1:80", null)).hasMessageContaining("IPv6 goes in brackets");
        assertThatThrownBy(() -> AgentAddress.of("h:port", null)).hasMessageContaining("no numeric port");
        assertThatThrownBy(() -> AgentAddress.of("h", 0)).hasMessageContaining("not between 1 and 65535");
        assertThatThrownBy(() -> AgentAddress.of("a b", 80)).hasMessageContaining("not a host name");
        assertThatThrownBy(() -> AgentAddress.of(null, null)).hasMessageContaining("missing");
    }
}
