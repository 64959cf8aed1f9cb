package io.coterie.identity.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code roles} table. */
@Repository
public class RoleRepository {

    private final JdbcClient db;

    RoleRepository(JdbcClient db) {
        this.db = db;
    }

    /** Inserts the role unless one of that name exists; true when this call created it. */
    public boolean insert(String name, List<String> grants) {
        return db.sql("insert into roles (name, grants) values (?, ?) on conflict (name) do nothing")
                .params(name, grants.toArray(String[]::new)).update() == 1;
    }

    /** Sets the role's grants, creating it if needed. */
    public void put(String name, List<String> grants) {
        db.sql("""
                insert into roles (name, grants) values (?, ?)
                on conflict (name) do update set grants = excluded.grants, updated_at = now()
                """).params(name, grants.toArray(String[]::new)).update();
    }

    /** The role, locked until the end of the transaction, so that what is audited as "previous" stays true. */
    public Optional<RoleRecord> findForUpdate(String name) {
        return db.sql("select * from roles where name = ? for update").param(name).query(RoleRepository::role).optional();
    }

    public Optional<RoleRecord> find(String name) {
        return db.sql("select * from roles where name = ?").param(name).query(RoleRepository::role).optional();
    }

    public List<RoleRecord> after(String after, int rows) {
        return db.sql("select * from roles where name > ? order by name limit ?").params(after, rows)
                .query(RoleRepository::role).list();
    }

    /** Those of {@code names} that are no role. */
    public List<String> missing(List<String> names) {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (db.sql("select count(*) from roles where name = ?").param(name).query(Long.class).single() == 0) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** Up to {@code limit} principals holding the role. */
    public List<String> holders(String name, int limit) {
        return db.sql("select principal from principal_roles where role = ? order by principal limit ?")
                .params(name, limit).query(String.class).list();
    }

    public boolean delete(String name) {
        return db.sql("delete from roles where name = ?").param(name).update() == 1;
    }

    private static RoleRecord role(ResultSet rs, int row) throws SQLException {
        return new RoleRecord(rs.getString("name"), PrincipalRepository.strings(rs.getArray("grants")),
                PrincipalRepository.instant(rs, "created_at"), PrincipalRepository.instant(rs, "updated_at"));
    }
}
