package dev.tarn.ask.policy;

import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.keys.AskRole;
import dev.tarn.ask.nl.sql.SqlDialect;
import dev.tarn.engine.SystemDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Row filters proven on a real database: a throwaway schema with orders of three regions, a role
 * whose policies filter them, and queries whose rewritten SQL runs through the database's own JDBC
 * driver. Only the rows the role may see come back, whatever shape the query has.
 */
abstract class RowFiltersOnDatabaseSpecification {
    static final String DATASOURCE = "ds_real";

    @TempDir
    Path dataDirectory;

    private SystemDatabase systemDatabase;
    private PolicyStore store;
    private AskPolicies policies;
    Connection connection;
    String schema;

    /** A connection whose default schema (search path, database) is {@code schema}, created by this method. */
    abstract Connection openWithFreshSchema(String schema) throws SQLException;

    abstract void dropSchema(String schema) throws SQLException;

    abstract SqlDialect dialect();

    /** The column type of a timestamp in this database. */
    abstract String timestampType();

    /** An expression for "now minus this many days" in this database. */
    abstract String daysAgo(int days);

    @BeforeEach
    void createTables() throws SQLException {
        schema = "tarn_policies_" + Long.toHexString(System.nanoTime());
        connection = openWithFreshSchema(schema);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, region VARCHAR(100), total DECIMAL(10,2), placed_at "
                    + timestampType() + ", owner_uid VARCHAR(100))");
            statement.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(40), owner_uid VARCHAR(100))");
            statement.execute("INSERT INTO orders VALUES (1, 'EMEA', 10.00, " + daysAgo(1) + ", 'u1'), (2, 'APAC', 20.00, " + daysAgo(2)
                    + ", 'u2'), (3, 'EMEA', 30.00, " + daysAgo(90) + ", 'u1'), (4, 'US', 40.00, " + daysAgo(3) + ", 'u3'), (5, 'EMEA', 50.00, "
                    + daysAgo(4) + ", 'u2')");
            statement.execute("INSERT INTO customers VALUES (1, 'Ann', 'u1'), (2, 'Bob', 'u2'), (3, 'Cid', 'u3')");
        }
        systemDatabase = SystemDatabase.open(dataDirectory);
        store = new PolicyStore(systemDatabase, Clock.systemUTC());
        policies = new AskPolicies(store, (datasource, schemaName, table) -> columns(schemaName, table));
    }

    @AfterEach
    void dropTables() throws SQLException {
        if (systemDatabase != null) {
            systemDatabase.close();
        }
        if (connection != null) {
            dropSchema(schema);
            connection.close();
        }
    }

    private RoleContext role(Map<String, String> variables, String... filters) {
        Policy policy = store.createPolicy(AskCaller.DEFAULT_PROJECT, new PolicyStore.PolicyDraft("filtered", "", PolicyPermission.ALLOW,
                new DatasetConfig(List.of(DATASOURCE), RegexPatterns.EVERYTHING, Map.of(DATASOURCE, List.of(filters)))));
        Role role = store.createRole(AskCaller.DEFAULT_PROJECT, new PolicyStore.RoleDraft("tester", "", List.of(policy.id())));
        return policies.roleFor(AskCaller.of(AskRole.ASKER, Optional.empty()), Optional.of(role.id()), variables);
    }

    /** The first column of every row the scoped query returns. */
    private List<Object> run(RoleContext role, String sql, Object... parameters) throws SQLException {
        ScopedSql scoped = policies.scope(role, DATASOURCE, schema, dialect(), sql, List.of(parameters));
        List<Object> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(scoped.sql())) {
            for (int i = 0; i < scoped.parameters().size(); i++) {
                statement.setObject(i + 1, scoped.parameters().get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Object value = rows.getObject(1);
                    values.add(value instanceof Number number ? number.intValue() : value);
                }
            }
        }
        return values;
    }

    @Test
    void aRoleSeesOnlyTheRowsOfItsRegionWhateverShapeTheQueryHas() throws SQLException {
        RoleContext emea = role(Map.of("region", "EMEA"), schemaPart() + ".orders.region = '{{region}}'");

        assertThat(run(emea, "SELECT id FROM orders ORDER BY id")).containsExactly(1, 3, 5);
        assertThat(run(emea, "SELECT o.id FROM orders o JOIN customers c ON c.owner_uid = o.owner_uid ORDER BY o.id")).containsExactly(1, 3, 5);
        assertThat(run(emea, "SELECT count(*) FROM (SELECT * FROM orders) t")).containsExactly(3);
        assertThat(run(emea, "SELECT c.id FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.owner_uid = c.owner_uid) ORDER BY c.id"))
                .containsExactly(1, 2);
        assertThat(run(emea, "SELECT (SELECT max(total) FROM orders) AS biggest")).containsExactly(50);
        assertThat(run(emea, "WITH orders AS (SELECT * FROM orders) SELECT count(*) FROM orders")).containsExactly(3);
        assertThat(run(emea, "SELECT id FROM orders WHERE id < 3 UNION SELECT id FROM " + schema + ".orders WHERE id > 3 ORDER BY 1"))
                .containsExactly(1, 5);
    }

    @Test
    void theCallersParametersStillMeanWhatTheySaid() throws SQLException {
        RoleContext emea = role(Map.of("region", "EMEA"), schemaPart() + ".orders.region = '{{region}}'");

        assertThat(run(emea, "SELECT id FROM orders WHERE total > ? ORDER BY id LIMIT ?", 15, 1)).containsExactly(3);
    }

    @Test
    void numbersDatesAndListsCompareWithTheColumnsOwnType() throws SQLException {
        assertThat(run(role(Map.of("minimum", "3"), "*.orders.id >= {{minimum}}"), "SELECT id FROM orders ORDER BY id")).containsExactly(3, 4, 5);
        assertThat(run(role(Map.of(), "*.orders.total < 25.5"), "SELECT id FROM orders ORDER BY id")).containsExactly(1, 2);
        assertThat(run(role(Map.of(), "*.orders.placed_at >= NOW() - INTERVAL '30 days'"), "SELECT id FROM orders ORDER BY id"))
                .containsExactly(1, 2, 4, 5);
        assertThat(run(role(Map.of("other", "US"), "*.orders.region IN ('APAC', '{{other}}')"), "SELECT id FROM orders ORDER BY id"))
                .containsExactly(2, 4);
        assertThat(run(role(Map.of("user", "u"), "*.*.owner_uid NOT LIKE '{{user}}1'"), "SELECT name FROM customers ORDER BY id"))
                .containsExactly("Bob", "Cid");
    }

    @Test
    void aHostileVariableValueMatchesNothing() throws SQLException {
        RoleContext hostile = role(Map.of("region", "EMEA' OR '1'='1"), schemaPart() + ".orders.region = '{{region}}'");

        assertThat(run(hostile, "SELECT id FROM orders")).isEmpty();
        assertThat(run(role(Map.of("region", "x'); DROP TABLE orders; --"), "*.orders.region = {{region}}"), "SELECT id FROM orders")).isEmpty();
        assertThat(run(RoleContext.none(), "SELECT count(*) FROM orders")).containsExactly(5);
    }

    /** The schema part of a filter written for this datasource's tables. */
    String schemaPart() {
        return schema;
    }

    private Optional<List<String>> columns(String schemaName, String table) {
        List<String> names = new ArrayList<>();
        try (ResultSet columns = connection.getMetaData().getColumns(catalogFor(schemaName), schemaFor(schemaName), table, null)) {
            while (columns.next()) {
                names.add(columns.getString("COLUMN_NAME"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(names);
    }

    /** MySQL-like databases call a schema a catalog in JDBC metadata. */
    abstract String catalogFor(String schemaName);

    abstract String schemaFor(String schemaName);
}
