package io.coterie.scheduler.service.jobs;

import io.coterie.service.ApiException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Memory as people write it: {@code 256Mi}, {@code 1.5Gi}, {@code 500M}, or plain bytes. */
final class MemoryQuantity {

    private static final Pattern QUANTITY = Pattern.compile("([0-9]{1,19}(?:\\.[0-9]{1,9})?)(Ki|Mi|Gi|Ti|Pi|K|M|G|T|P)?");
    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L),
            Map.entry("K", 1000L), Map.entry("M", 1000_000L), Map.entry("G", 1000_000_000L),
            Map.entry("T", 1000_000_000_000L), Map.entry("P", 1000_000_000_000_000L),
            Map.entry("Ki", 1L << 10), Map.entry("Mi", 1L << 20), Map.entry("Gi", 1L << 30),
            Map.entry("Ti", 1L << 40), Map.entry("Pi", 1L << 50));
    static final String RULE = "memory must be a whole number of bytes, optionally with a unit K, M, G, T, P "
            + "(powers of 1000) or Ki, Mi, Gi, Ti, Pi (powers of 1024), like 256Mi or 1.5Gi";

    private MemoryQuantity() {
    }

    static long parse(String text) {
        Matcher matcher = QUANTITY.matcher(text);
        if (!matcher.matches()) {
            throw ApiException.badRequest(RULE + " (got '" + text + "')");
        }
        BigDecimal bytes = new BigDecimal(matcher.group(1))
                .multiply(BigDecimal.valueOf(UNITS.get(matcher.group(2) == null ? "" : matcher.group(2))));
        if (bytes.signum() <= 0 || bytes.compareTo(BigDecimal.valueOf(JobLimits.MAX_MEMORY_BYTES)) > 0) {
            throw ApiException.badRequest("memory must be between 1 byte and 1Pi (got '" + text + "')");
        }
        try {
            return bytes.longValueExact();
        } catch (ArithmeticException e) {
            throw ApiException.badRequest("memory must come to a whole number of bytes (got '" + text + "')");
        }
    }
}
