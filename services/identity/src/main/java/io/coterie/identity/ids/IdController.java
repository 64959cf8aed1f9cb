package io.coterie.identity.ids;

import io.coterie.ids.IdRange;
import io.coterie.service.ApiException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/ids?count=N}: cluster-unique IDs for any caller with a valid token. */
@RestController
class IdController {

    static final int MAX_COUNT = 100_000;

    record Ids(long count, List<IdRange> ranges) {
    }

    private final IdDispenser dispenser;

    IdController(IdDispenser dispenser) {
        this.dispenser = dispenser;
    }

    @PostMapping("/v1/ids")
    CompletableFuture<Ids> allocate(@RequestParam(defaultValue = "1") int count) {
        if (count < 1 || count > MAX_COUNT) {
            throw ApiException.badRequest("count must be between 1 and " + MAX_COUNT);
        }
        return dispenser.allocate(count).thenApply(ranges -> new Ids(count, ranges));
    }
}
