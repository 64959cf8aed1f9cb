package io.coterie.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A real PostgreSQL server started from this JVM, its data kept under {@code var/dev/postgres}. */
final class DevDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final int port;

    private DevDatabase(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    static DevDatabase start(Path dataDir, int port, Path log) throws IOException {
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(log.toFile());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setOutputRedirector(toLog)
                .setErrorRedirector(toLog)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .start();
        return new DevDatabase(postgres, port);
    }

    String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Each service owns its database (and its Flyway history); created on first start. */
    void ensureDatabase(String name) throws IOException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet found = exists.executeQuery()) {
                if (found.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + name + "\"");
            }
        } catch (SQLException e) {
            throw new IOException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
