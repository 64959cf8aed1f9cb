package io.coterie.cli.name;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BindTargetsTest {

    @Test
    void aNameIsALinkAnAtIsAFileHostPortsAreAService() {
        assertThat(BindTargets.infer("/apps/web")).isEqualTo(NameKind.link);
        assertThat(BindTargets.infer("@config.yaml")).isEqualTo(NameKind.file);
        assertThat(BindTargets.infer("10.0.0.1:8080")).isEqualTo(NameKind.service);
        assertThat(BindTargets.infer("localhost:1")).isEqualTo(NameKind.service);
        assertThat(BindTargets.infer("a.example:80, b.example:65535")).isEqualTo(NameKind.service);
        assertThat(BindTargets.infer("[2001:db8::1]:443")).isEqualTo(NameKind.service);
    }

    @Test
    void anythingElseIsText() {
        assertThat(BindTargets.infer("hello")).isEqualTo(NameKind.file);
        assertThat(BindTargets.infer("host")).isEqualTo(NameKind.file);
        assertThat(BindTargets.infer("host:0")).isEqualTo(NameKind.file);
        assertThat(BindTargets.infer("host:65536")).isEqualTo(NameKind.file);
        assertThat(BindTargets.infer("host:http")).isEqualTo(NameKind.file);
        assertThat(BindTargets.infer("http://host:80")).isEqualTo(NameKind.file);
        assertThat(BindTargets.infer("a:1,")).isEqualTo(NameKind.file);
        assertThat(BindTargets.infer("a:1,b")).isEqualTo(NameKind.file);
        assertThat(BindTargets.infer("-host:80")).isEqualTo(NameKind.file);
        assertThat(BindTargets.infer("")).isEqualTo(NameKind.file);
    }

    @Test
    void addressesKeepTheirOrderAndIpv6LosesItsBrackets() {
        assertThat(ServiceAddresses.parse("b:2,a:1,[::1]:3").orElseThrow()).containsExactly(
                new ServiceAddresses.HostPort("b", 2), new ServiceAddresses.HostPort("a", 1), new ServiceAddresses.HostPort("::1", 3));
        assertThat(ServiceAddresses.format("::1", "3")).isEqualTo("[::1]:3");
        assertThat(ServiceAddresses.format("h", "3")).isEqualTo("h:3");
    }
}
