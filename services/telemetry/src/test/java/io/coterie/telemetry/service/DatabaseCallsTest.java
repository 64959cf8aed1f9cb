package io.coterie.telemetry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.coterie.api.ProblemType;
import io.coterie.service.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** A database that is away is a 503 for the caller; a broken query stays a bug (500, logged). */
class DatabaseCallsTest {

    @Test
    void anUnreachableOrSlowDatabaseIsUnavailableNotAnInternalError() {
        assertThatThrownBy(() -> DatabaseCalls.answer(() -> {
            throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
        })).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.UNAVAILABLE));
        assertThatThrownBy(() -> DatabaseCalls.answer(() -> {
            throw new QueryTimeoutException("canceling statement due to statement timeout");
        })).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.UNAVAILABLE));
        assertThatThrownBy(() -> DatabaseCalls.answer(() -> {
            throw new BadSqlGrammarException("series", "select", new java.sql.SQLException("syntax error"));
        })).isInstanceOf(BadSqlGrammarException.class);
        assertThat(DatabaseCalls.answer(() -> 42)).isEqualTo(42);
    }
}
