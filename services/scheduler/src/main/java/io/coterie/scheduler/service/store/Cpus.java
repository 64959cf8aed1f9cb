package io.coterie.scheduler.service.store;

import java.math.BigDecimal;

/** CPU amounts as JSON shows them: 0.5, 2, 1.25 (never 2.000 or 1E+1). */
public final class Cpus {

    private Cpus() {
    }

    public static BigDecimal normalised(BigDecimal cpus) {
        BigDecimal stripped = cpus.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    public static BigDecimal ofMillicores(long millicores) {
        return normalised(BigDecimal.valueOf(millicores, 3));
    }
}
