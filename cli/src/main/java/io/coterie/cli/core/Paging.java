package io.coterie.cli.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/** Follows a paged listing ({@code items}, {@code more}, {@code next}; ask again with {@code after=next}) to its end or a limit. */
public final class Paging {

    /** The largest page the identity service's listings (principals, roles) hand out. */
    public static final int IDENTITY_PAGE_SIZE = 1000;

    private Paging() {
    }

    /** One page as the listing answered it. */
    public record Page<T>(List<T> items, boolean more, String next) {
    }

    /**
     * A page as JSON: {@code items} (or the answer itself, when it is an array), {@code next}, and
     * {@code more} (when the server leaves it out, a {@code next} means there is more).
     */
    public static Page<JsonNode> ofJson(JsonNode page) {
        String next = Nodes.text(page, "next");
        boolean more = page.path("more").isBoolean() ? page.get("more").asBoolean() : next != null;
        return new Page<>(Nodes.listing(page, "items"), more, next);
    }

    /** Asks for the page after {@code after} (null: the first), of at most {@code size} items. */
    @FunctionalInterface
    public interface Fetcher<T> {
        Page<T> fetch(String after, int size);
    }

    /** Every item, or the first {@code limit} (null: no limit); {@code limit}, when given, must be at least 1. */
    public static <T> List<T> all(Integer limit, int maxPageSize, Fetcher<T> fetcher) {
        List<T> items = new ArrayList<>();
        String after = null;
        while (true) {
            int size = limit == null ? maxPageSize : Math.min(maxPageSize, limit - items.size());
            Page<T> page = fetcher.fetch(after, size);
            if (page.items() != null) {
                items.addAll(page.items());
            }
            boolean full = limit != null && items.size() >= limit;
            // A server that does not move on would otherwise keep us here forever.
            boolean stuck = page.next() == null || page.next().isEmpty() || Objects.equals(page.next(), after);
            if (!page.more() || full || stuck) {
                break;
            }
            after = page.next();
        }
        return limit != null && items.size() > limit ? items.subList(0, limit) : items;
    }
}
