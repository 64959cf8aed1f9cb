package io.coterie.scheduler;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why no host took a replica, for a person: {@code "5 hosts: 3 short of memory, 2 missing label zone=edge"}.
 * Every host is counted under exactly one reason, the first it failed in the order down, label
 * constraints (in the job's order), resources; so the counts add up to {@link #hosts()}.
 *
 * @param rejections hosts per reason, most common first (ties alphabetically)
 */
public record Explanation(int hosts, Map<String, Integer> rejections) {

    public Explanation {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(rejections.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> ordered = new LinkedHashMap<>();
        entries.forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
        rejections = Collections.unmodifiableMap(ordered);
    }

    /** Hosts rejected for {@code reason} ("down", "short of CPU", "missing label zone=edge", ...). */
    public int count(String reason) {
        return rejections.getOrDefault(reason, 0);
    }

    public int rejected() {
        return rejections.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append(hosts).append(hosts == 1 ? " host" : " hosts");
        String separator = ": ";
        for (Map.Entry<String, Integer> rejection : rejections.entrySet()) {
            text.append(separator).append(rejection.getValue()).append(' ').append(rejection.getKey());
            separator = ", ";
        }
        return text.toString();
    }
}
