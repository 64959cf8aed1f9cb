package io.coterie.scheduler;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A condition on a host's labels: {@code zone=edge} (the host has label zone with value edge) or
 * {@code zone!=edge} (it does not; a host without a zone label satisfies this, as in Kubernetes
 * selectors, because "not on the edge" is what the job owner meant).
 */
public record LabelConstraint(String key, Operator operator, String value) {

    public enum Operator {
        EQUALS("="), NOT_EQUALS("!=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }
    }

    static final String KEY_RULE = "[A-Za-z0-9][A-Za-z0-9._/-]{0,62}";
    static final String VALUE_RULE = "[A-Za-z0-9._-]{1,63}";
    private static final Pattern KEY = Pattern.compile(KEY_RULE);
    private static final Pattern VALUE = Pattern.compile(VALUE_RULE);

    public LabelConstraint {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new InvalidJobSpecException("label key must match " + KEY_RULE + " (got '" + key + "')");
        }
        if (operator == null) {
            throw new InvalidJobSpecException("label constraint operator is required (= or !=)");
        }
        if (value == null || !VALUE.matcher(value).matches()) {
            throw new InvalidJobSpecException("label value must match " + VALUE_RULE + " (got '" + value + "')");
        }
    }

    public static LabelConstraint equal(String key, String value) {
        return new LabelConstraint(key, Operator.EQUALS, value);
    }

    public static LabelConstraint notEqual(String key, String value) {
        return new LabelConstraint(key, Operator.NOT_EQUALS, value);
    }

    /** Parses {@code key=value} or {@code key!=value}. */
    public static LabelConstraint parse(String text) {
        if (text != null) {
            int notEquals = text.indexOf("!=");
            if (notEquals >= 0) {
                return notEqual(text.substring(0, notEquals), text.substring(notEquals + 2));
            }
            int equals = text.indexOf('=');
            if (equals >= 0) {
                return equal(text.substring(0, equals), text.substring(equals + 1));
            }
        }
        throw new InvalidJobSpecException("label constraint must be key=value or key!=value (got '" + text + "')");
    }

    public boolean matches(Map<String, String> labels) {
        boolean equal = value.equals(labels.get(key));
        return operator == Operator.EQUALS ? equal : !equal;
    }

    /** Why a host that fails this constraint was rejected, in an explanation. */
    String rejection() {
        return (operator == Operator.EQUALS ? "missing label " : "labelled ") + key + "=" + value;
    }

    @Override
    public String toString() {
        return key + operator.symbol + value;
    }
}
