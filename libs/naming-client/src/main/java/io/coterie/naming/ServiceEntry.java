package io.coterie.naming;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A service: the instances that serve it (there may be none). */
public record ServiceEntry(List<Instance> instances, Map<String, String> metadata) implements Entry {

    public ServiceEntry {
        instances = instances == null ? List.of() : List.copyOf(instances);
        Set<String> ids = new HashSet<>();
        for (Instance instance : instances) {
            if (!ids.add(instance.id())) {
                throw new InvalidEntryException("instance id '" + instance.id() + "' appears twice; ids must be unique");
            }
        }
        metadata = Metadata.of(metadata, "metadata");
    }

    public static ServiceEntry of(Instance... instances) {
        return new ServiceEntry(List.of(instances), Map.of());
    }

    @Override
    public Kind kind() {
        return Kind.SERVICE;
    }
}
