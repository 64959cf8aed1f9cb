package io.coterie.gateway;

import io.coterie.naming.Binding;
import io.coterie.naming.Health;
import io.coterie.naming.InvalidNameException;
import io.coterie.naming.NameCache;
import io.coterie.naming.NamePrefix;
import io.coterie.naming.ServiceEntry;
import io.coterie.naming.ServiceRegistrar;
import java.util.List;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;
import reactor.core.publisher.Flux;

/**
 * The instances services register for themselves under {@code /sys/services/NAME/INSTANCE}, read
 * from a mirror of that part of the namespace: routes follow services as they come and go, with
 * no list of addresses to keep up to date. Instances marked critical are left out; the load
 * balancer's readiness probes judge the rest.
 */
final class RegisteredInstances implements ReactiveDiscoveryClient {

    private static final String ROOT = ServiceRegistrar.SERVICES + "/";

    private final NameCache services;

    RegisteredInstances(NameCache services) {
        this.services = services;
    }

    static NamePrefix scope() {
        return NamePrefix.of(ROOT);
    }

    @Override
    public String description() {
        return "instances registered under " + ROOT;
    }

    @Override
    public Flux<ServiceInstance> getInstances(String serviceId) {
        return Flux.defer(() -> Flux.fromIterable(instances(serviceId)));
    }

    List<ServiceInstance> instances(String serviceId) {
        NamePrefix prefix;
        try {
            prefix = NamePrefix.of(ROOT + serviceId + "/");
        } catch (InvalidNameException e) {
            return List.of(); // no service can have registered under a name that breaks the rules
        }
        return services.under(prefix).stream()
                .filter(binding -> binding.entry() instanceof ServiceEntry)
                .flatMap(binding -> ((ServiceEntry) binding.entry()).instances().stream()
                        .filter(instance -> instance.health() != Health.CRITICAL)
                        .map(instance -> (ServiceInstance) new DefaultServiceInstance(
                                lastSegment(binding) + "/" + instance.id(), serviceId,
                                instance.address(), instance.port(), false, instance.metadata())))
                .toList();
    }

    private static String lastSegment(Binding binding) {
        List<String> segments = binding.path().segments();
        return segments.get(segments.size() - 1);
    }

    @Override
    public Flux<String> getServices() {
        return Flux.defer(() -> Flux.fromStream(services.under(scope()).stream()
                .map(Binding::path)
                .map(path -> path.toString().substring(ROOT.length()))
                .filter(rest -> rest.indexOf('/') > 0)
                .map(rest -> rest.substring(0, rest.indexOf('/')))
                .distinct()));
    }

    /** Before the configured instances, which are only the fallback for what does not register. */
    @Override
    public int getOrder() {
        return -1;
    }
}
