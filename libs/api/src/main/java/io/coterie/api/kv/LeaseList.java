package io.coterie.api.kv;

import java.util.List;

public record LeaseList(List<Long> ids) {
}
