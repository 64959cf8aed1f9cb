package io.coterie.identity.directory;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The append-only record of identity changes. Appends join the caller's transaction, so a change
 * and its audit row commit together or not at all; the database refuses updates and deletes.
 */
@Repository
public class AuditLog {

    /** The actor of changes the service makes by itself (bootstrap, scheduled key maintenance). */
    public static final String SYSTEM = "system";

    private final JdbcClient db;
    private final JsonMapper json;

    AuditLog(JdbcClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /** {@code detail} must never hold a secret or a token. */
    public void append(String actor, String action, String subject, Map<String, ?> detail) {
        db.sql("insert into audit (actor, action, subject, detail) values (?, ?, ?, cast(? as jsonb))")
                .params(actor, action, subject, json.writeValueAsString(detail)).update();
    }

    public Page<AuditEntry> after(long after, int limit) {
        List<AuditEntry> rows = db.sql("select * from audit where seq > ? order by seq limit ?")
                .params(after, limit + 1)
                .query((rs, row) -> new AuditEntry(rs.getLong("seq"), PrincipalRepository.instant(rs, "at"),
                        rs.getString("actor"), rs.getString("action"), rs.getString("subject"),
                        json.readTree(rs.getString("detail"))))
                .list();
        return Page.of(rows, limit, AuditEntry::seq);
    }
}
