package io.coterie.telemetry.service.ingest;

import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Where ingest resumes, per partition of a topic: the offsets stored with the points (table {@code telemetry_offsets}). */
@Component
public class StoredOffsets {

    private final JdbcClient db;

    public StoredOffsets(JdbcClient db) {
        this.db = db;
    }

    /** Partition to next offset; a partition never stored from is absent. */
    public Map<Integer, Long> read(String topic) {
        Map<Integer, Long> offsets = new HashMap<>();
        db.sql("select partition, next_offset from telemetry_offsets where topic = ?").param(topic)
                .query(rs -> {
                    offsets.put(rs.getInt(1), rs.getLong(2));
                });
        return offsets;
    }
}
