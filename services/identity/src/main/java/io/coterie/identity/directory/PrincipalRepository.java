package io.coterie.identity.directory;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code principals} and {@code principal_roles} tables. */
@Repository
public class PrincipalRepository {

    private static final String SELECT = """
            select p.name, p.created_at,
                   array(select pr.role from principal_roles pr where pr.principal = p.name order by pr.role) as roles,
                   array(select distinct g from principal_roles pr join roles r on r.name = pr.role, unnest(r.grants) g
                         where pr.principal = p.name order by g) as grants
            from principals p
            """;

    private final JdbcClient db;

    PrincipalRepository(JdbcClient db) {
        this.db = db;
    }

    /** Inserts the principal unless one of that name exists; true when this call created it. */
    public boolean insert(String name, String secretHash, String createdBy) {
        return db.sql("insert into principals (name, secret_hash, created_by) values (?, ?, ?) on conflict (name) do nothing")
                .params(name, secretHash, createdBy).update() == 1;
    }

    public void addRoles(String name, List<String> roles) {
        for (String role : roles) {
            db.sql("insert into principal_roles (principal, role) values (?, ?) on conflict do nothing")
                    .params(name, role).update();
        }
    }

    public boolean exists(String name) {
        return db.sql("select count(*) from principals where name = ?").param(name).query(Long.class).single() > 0;
    }

    public Optional<PrincipalRecord> find(String name) {
        return db.sql(SELECT + " where p.name = ?").param(name).query(PrincipalRepository::principal).optional();
    }

    public List<PrincipalRecord> after(String after, int rows) {
        return db.sql(SELECT + " where p.name > ? order by p.name limit ?").params(after, rows)
                .query(PrincipalRepository::principal).list();
    }

    public Optional<String> secretHash(String name) {
        return db.sql("select secret_hash from principals where name = ?").param(name).query(String.class).optional();
    }

    public boolean delete(String name) {
        return db.sql("delete from principals where name = ?").param(name).update() == 1;
    }

    private static PrincipalRecord principal(ResultSet rs, int row) throws SQLException {
        return new PrincipalRecord(rs.getString("name"), strings(rs.getArray("roles")), strings(rs.getArray("grants")),
                instant(rs, "created_at"));
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String.class::cast).toList();
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
