package dev.tarn.ask.policy;

import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.keys.AskRole;
import dev.tarn.ask.nl.model.ColumnSchema;
import dev.tarn.ask.nl.model.DataType;
import dev.tarn.ask.nl.model.DatabaseSchema;
import dev.tarn.ask.nl.model.ForeignKey;
import dev.tarn.ask.nl.model.TableSchema;
import dev.tarn.ask.nl.sql.SqlDialect;
import dev.tarn.engine.SystemDatabase;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which role is in force, what it sees and how its SQL is scoped, over a real system database. */
class AskPoliciesTest {
    private static final String DATASOURCE = "ds_shop";
    private static final Map<String, List<String>> COLUMNS = Map.of(
            "orders", List.of("id", "region", "customer_id", "total", "owner_uid"),
            "customers", List.of("id", "name", "email", "owner_uid"),
            "payroll", List.of("id", "salary"));
    private static final DatasourceColumns KNOWN_COLUMNS = (datasource, schema, table) -> Optional.ofNullable(COLUMNS.get(table));

    @TempDir
    Path dataDirectory;

    private SystemDatabase database;
    private PolicyStore store;
    private AskPolicies policies;

    @BeforeEach
    void openStore() {
        database = SystemDatabase.open(dataDirectory);
        store = new PolicyStore(database, Clock.systemUTC());
        policies = new AskPolicies(store, KNOWN_COLUMNS);
    }

    @AfterEach
    void closeStore() {
        database.close();
    }

    private Policy policy(String name, PolicyPermission permission, String tables, String fields, Map<String, List<String>> filters) {
        return store.createPolicy(AskCaller.DEFAULT_PROJECT, new PolicyStore.PolicyDraft(name, "", permission,
                new DatasetConfig(List.of(DATASOURCE), new RegexPatterns("", tables, fields), filters)));
    }

    private Role role(String name, Policy... granted) {
        return store.createRole(AskCaller.DEFAULT_PROJECT, new PolicyStore.RoleDraft(name, "", java.util.Arrays.stream(granted).map(Policy::id).toList()));
    }

    private RoleContext asRole(Role role, Map<String, String> variables) {
        return policies.roleFor(AskCaller.of(AskRole.ASKER, Optional.of("key_1")), Optional.of(role.id()), variables);
    }

    private ScopedSql scope(RoleContext role, String sql, Object... parameters) {
        return policies.scope(role, DATASOURCE, "public", SqlDialect.DUCKDB, sql, List.of(parameters));
    }

    private Role emeaSales() {
        return role("emea_sales", policy("emea_orders", PolicyPermission.ALLOW, "orders|customers", "",
                Map.of(DATASOURCE, List.of("public.orders.region = '{{region}}'"))));
    }

    @Test
    void theRolesFilterIsSplicedAroundTheTableWithTheVariableAsAParameter() {
        ScopedSql scoped = scope(asRole(emeaSales(), Map.of("region", "EMEA")), "SELECT sum(total) FROM orders WHERE total > ?", 10);

        assertThat(scoped.sql()).isEqualTo("SELECT sum(total) FROM (SELECT * FROM orders WHERE \"region\" = ?) orders WHERE total > ?");
        assertThat(scoped.parameters()).containsExactly("EMEA", 10);
        // customers is allowed by the same policy but has no filter: every row
        assertThat(scope(asRole(emeaSales(), Map.of("region", "EMEA")), "SELECT * FROM customers").sql()).isEqualTo("SELECT * FROM customers");
    }

    @Test
    void aTableNoAllowPolicyCoversIsRefused() {
        RoleContext role = asRole(emeaSales(), Map.of("region", "EMEA"));

        assertThatThrownBy(() -> scope(role, "SELECT o.id FROM orders o JOIN payroll p ON p.id = o.id"))
                .isInstanceOf(TarnException.class).hasMessageContaining("may not read the table public.payroll")
                .satisfies(error -> assertThat(((TarnException) error).code()).isEqualTo(ErrorCode.TABLE_NOT_VISIBLE));
    }

    @Test
    void aRoleWithoutPoliciesSeesNothing() {
        Role empty = role("nobody");
        DatabaseSchema visible = policies.visibleSchema(asRole(empty, Map.of()), DATASOURCE, "public", shopSchema());

        assertThat(visible.tables()).isEmpty();
        assertThatThrownBy(() -> scope(asRole(empty, Map.of()), "SELECT * FROM customers")).hasMessageContaining("none of its allow policies");
    }

    @Test
    void denyBeatsAllowForWholeTablesAndForFields() {
        Policy everything = policy("everything", PolicyPermission.ALLOW, "", "", Map.of());
        Policy noPayroll = policy("no_payroll", PolicyPermission.DENY, "payroll", "", Map.of());
        Policy noEmail = policy("no_email", PolicyPermission.DENY, "customers", "email", Map.of());
        RoleContext role = asRole(role("analyst", everything, noPayroll, noEmail), Map.of());

        DatabaseSchema visible = policies.visibleSchema(role, DATASOURCE, "public", shopSchema());

        assertThat(visible.tables()).extracting(TableSchema::name).containsExactly("orders", "customers");
        assertThat(visible.table("customers").orElseThrow().columns()).extracting(ColumnSchema::name).containsExactly("id", "name", "owner_uid");
        assertThat(visible.table("orders").orElseThrow().foreignKeys()).containsExactly(new ForeignKey("customer_id", "customers", "id"));
        assertThat(scope(role, "SELECT * FROM customers c").sql()).isEqualTo("SELECT * FROM (SELECT \"id\", \"name\", \"owner_uid\" FROM customers) c");
        assertThatThrownBy(() -> scope(role, "SELECT * FROM payroll")).hasMessageContaining("the deny policy no_payroll covers it");
    }

    @Test
    void anAllowPolicyOnSomeFieldsShowsOnlyThose() {
        RoleContext role = asRole(role("names_only", policy("customer_names", PolicyPermission.ALLOW, "customers", "id|name", Map.of())), Map.of());

        DatabaseSchema visible = policies.visibleSchema(role, DATASOURCE, "public", shopSchema());

        assertThat(visible.tables()).extracting(TableSchema::name).containsExactly("customers");
        assertThat(visible.tables().getFirst().columns()).extracting(ColumnSchema::name).containsExactly("id", "name");
        assertThat(visible.tables().getFirst().primaryKey()).containsExactly("id");
    }

    @Test
    void aWildcardFieldFilterRestrictsEveryMatchingColumnOfEveryTable() {
        RoleContext role = asRole(role("own_rows", policy("own", PolicyPermission.ALLOW, "", "",
                Map.of(DATASOURCE, List.of("*.*.*uid* = {{user_id}}")))), Map.of("user_id", "u-7"));

        ScopedSql scoped = scope(role, "SELECT c.name, o.total FROM customers c JOIN orders o ON o.customer_id = c.id "
                + "UNION ALL SELECT 'x', salary FROM payroll");

        assertThat(scoped.sql()).isEqualTo("SELECT c.name, o.total FROM (SELECT * FROM customers WHERE \"owner_uid\" = ?) c "
                + "JOIN (SELECT * FROM orders WHERE \"owner_uid\" = ?) o ON o.customer_id = c.id UNION ALL SELECT 'x', salary FROM payroll");
        assertThat(scoped.parameters()).containsExactly("u-7", "u-7");
    }

    @Test
    void aWildcardFieldFilterOnATableWhoseColumnsAreUnknownHidesIt() {
        AskPolicies withoutMetadata = new AskPolicies(store, DatasourceColumns.UNKNOWN);
        RoleContext role = asRole(role("own_rows", policy("own", PolicyPermission.ALLOW, "", "",
                Map.of(DATASOURCE, List.of("*.*.*uid* = {{user_id}}")))), Map.of("user_id", "u-7"));

        assertThatThrownBy(() -> withoutMetadata.scope(role, DATASOURCE, "public", SqlDialect.DUCKDB, "SELECT * FROM orders", List.of()))
                .hasMessageContaining("columns are not known");
    }

    @Test
    void twoAllowPoliciesGrantTheUnionOfTheirRowsAndIntervalsAndListsAreKept() {
        RoleContext role = asRole(role("two_views", policy("recent", PolicyPermission.ALLOW, "orders", "",
                        Map.of(DATASOURCE, List.of("public.orders.placed_at >= NOW() - INTERVAL '30 days'", "public.orders.region IN ('EMEA', 'APAC')"))),
                policy("mine", PolicyPermission.ALLOW, "orders", "", Map.of(DATASOURCE, List.of("public.orders.owner_uid = {{user_id}}")))),
                Map.of("user_id", "u-1"));

        ScopedSql scoped = policies.scope(role, DATASOURCE, "public", SqlDialect.MYSQL, "SELECT count(*) FROM orders", List.of());

        assertThat(scoped.sql()).isEqualTo("SELECT count(*) FROM (SELECT * FROM orders WHERE (`placed_at` >= NOW() - INTERVAL 30 DAY "
                + "AND `region` IN (?, ?)) OR `owner_uid` = ?) orders");
        assertThat(scoped.parameters()).containsExactly("EMEA", "APAC", "u-1");
    }

    @Test
    void systemCatalogsAndOtherDatabasesAreHiddenUnderARoleWhateverThePatterns() {
        RoleContext role = asRole(role("everything", policy("all", PolicyPermission.ALLOW, "", "", Map.of())), Map.of());

        for (String sql : List.of("SELECT * FROM pg_catalog.pg_stats", "SELECT * FROM pg_stats", "SELECT * FROM information_schema.columns",
                "SELECT * FROM mysql.user", "SELECT * FROM sqlite_master", "SELECT * FROM otherdb.public.orders")) {
            assertThatThrownBy(() -> scope(role, sql)).as(sql).isInstanceOf(TarnException.class)
                    .satisfies(error -> assertThat(((TarnException) error).code()).isEqualTo(ErrorCode.TABLE_NOT_VISIBLE));
        }
        assertThat(scope(role, "SELECT * FROM orders").sql()).isEqualTo("SELECT * FROM orders");
    }

    @Test
    void aMissingVariableIsA400NamingIt() {
        RoleContext role = asRole(emeaSales(), Map.of("regoin", "EMEA"));

        assertThatThrownBy(() -> scope(role, "SELECT * FROM orders")).isInstanceOf(TarnException.class)
                .hasMessageContaining("needs a value for region")
                .satisfies(error -> assertThat(((TarnException) error).code()).isEqualTo(ErrorCode.ROW_FILTER_VARIABLE_MISSING));
        // a query that reads no filtered table needs no variable
        assertThat(scope(role, "SELECT * FROM customers").sql()).isEqualTo("SELECT * FROM customers");
    }

    @Test
    void aTokensRoleWinsOverTheRoleAndVariablesTheRequestNames() {
        Role sales = emeaSales();
        Role everything = role("everything", policy("all", PolicyPermission.ALLOW, "", "", Map.of()));
        AskCaller token = new AskCaller(AskRole.ASKER, Optional.of("key_1"), AskCaller.DEFAULT_PROJECT, Optional.of(sales.id()),
                Map.of("region", "EMEA"), Map.of(), Optional.empty(), false);

        RoleContext inForce = policies.roleFor(token, Optional.of(everything.id()), Map.of("region", "APAC"));

        assertThat(inForce.role()).contains(sales);
        assertThat(inForce.variables()).containsExactly(Map.entry("region", "EMEA"));
        assertThat(scope(inForce, "SELECT * FROM orders").parameters()).containsExactly("EMEA");
    }

    @Test
    void withoutARoleNothingIsRestrictedButTheSqlIsStillChecked() {
        RoleContext none = policies.roleFor(AskCaller.of(AskRole.ADMIN, Optional.empty()), Optional.empty(), Map.of());

        assertThat(none.restricted()).isFalse();
        assertThat(scope(none, "SELECT * FROM payroll").sql()).isEqualTo("SELECT * FROM payroll");
        assertThat(policies.visibleSchema(none, DATASOURCE, "public", shopSchema())).isEqualTo(shopSchema());
        assertThatThrownBy(() -> scope(none, "SELECT * FROM read_csv('/etc/passwd')")).hasMessageContaining("read_csv");
    }

    @Test
    void anUnknownRoleIs404AndATokenWhoseRoleWasDeletedIsRefused() {
        assertThatThrownBy(() -> policies.roleFor(AskCaller.of(AskRole.ASKER, Optional.empty()), Optional.of("role_missing"), Map.of()))
                .satisfies(error -> assertThat(((TarnException) error).code()).isEqualTo(ErrorCode.ASK_ROLE_NOT_FOUND));
        Role sales = emeaSales();
        store.deleteRole(AskCaller.DEFAULT_PROJECT, sales.id());
        AskCaller token = new AskCaller(AskRole.ASKER, Optional.of("key_1"), AskCaller.DEFAULT_PROJECT, Optional.of(sales.id()),
                Map.of(), Map.of(), Optional.empty(), false);
        assertThatThrownBy(() -> policies.roleFor(token, Optional.empty(), Map.of()))
                .satisfies(error -> assertThat(((TarnException) error).code()).isEqualTo(ErrorCode.PERMISSION_DENIED))
                .hasMessageContaining("no longer exists");
    }

    @Test
    void invalidPoliciesAreRefusedWithWhatToChange() {
        assertThatThrownBy(() -> policy("deny_rows", PolicyPermission.DENY, "", "", Map.of(DATASOURCE, List.of("public.orders.region = 'x'"))))
                .hasMessageContaining("only on allow policies");
        assertThatThrownBy(() -> new DatasetConfig(List.of("*"), RegexPatterns.EVERYTHING, Map.of("*", List.of("a.b.c = 1"))))
                .hasMessageContaining("cannot apply to every datasource");
        assertThatThrownBy(() -> new DatasetConfig(List.of("ds_a"), RegexPatterns.EVERYTHING, Map.of("ds_b", List.of("a.b.c = 1"))))
                .hasMessageContaining("not in datasource_ids");
        assertThatThrownBy(() -> new DatasetConfig(List.of("ds_a"), RegexPatterns.EVERYTHING, Map.of("ds_a", List.of("a.b.c = 1 AND a.b.d = 2"))))
                .hasMessageContaining("one condition per entry");
        assertThatThrownBy(() -> new RegexPatterns("(", "", "")).hasMessageContaining("schemas_regex_pattern is not a valid regular expression");
        assertThatThrownBy(() -> new DatasetConfig(List.of(), RegexPatterns.EVERYTHING, Map.of())).hasMessageContaining("datasource_ids is required");
    }

    @Test
    void deletingAPolicyTakesItOutOfItsRolesAndEverythingSurvivesARestart() {
        Policy kept = policy("kept", PolicyPermission.ALLOW, "orders", "", Map.of());
        Policy dropped = policy("dropped", PolicyPermission.ALLOW, "customers", "", Map.of());
        Role role = role("both", kept, dropped);

        assertThat(store.deletePolicy(AskCaller.DEFAULT_PROJECT, dropped.id())).containsExactly(role.id());
        database.close();
        database = SystemDatabase.open(dataDirectory);
        PolicyStore reopened = new PolicyStore(database, Clock.systemUTC());

        assertThat(reopened.requireRole(AskCaller.DEFAULT_PROJECT, role.id()).policyIds()).containsExactly(kept.id());
        assertThat(reopened.requirePolicy(AskCaller.DEFAULT_PROJECT, kept.id()).datasetConfig().regexPatterns().tablesRegexPattern()).isEqualTo("orders");
        assertThat(reopened.policy(AskCaller.DEFAULT_PROJECT, dropped.id())).isEmpty();
        assertThat(reopened.role("p_other", role.id())).as("another project's role").isEmpty();
    }

    @Test
    void theVariablesOfARoleAreThoseItsFiltersNeed() {
        Role role = role("two", policy("a", PolicyPermission.ALLOW, "", "", Map.of(DATASOURCE, List.of("public.orders.region = '{{region}}'",
                "public.orders.name LIKE '%{{first}}%{{region}}'"))));

        assertThat(policies.variables(role, List.of())).containsExactly("region", "first");
        assertThat(policies.variables(role, List.of("ds_other"))).isEmpty();
    }

    private static DatabaseSchema shopSchema() {
        return new DatabaseSchema(SqlDialect.DUCKDB, List.of(
                new TableSchema("orders", "", List.of(new ColumnSchema("id", DataType.INTEGER), new ColumnSchema("region", DataType.TEXT),
                        new ColumnSchema("customer_id", DataType.INTEGER), new ColumnSchema("total", DataType.DECIMAL),
                        new ColumnSchema("owner_uid", DataType.TEXT)), List.of("id"), List.of(new ForeignKey("customer_id", "customers", "id"))),
                new TableSchema("customers", "", List.of(new ColumnSchema("id", DataType.INTEGER), new ColumnSchema("name", DataType.TEXT),
                        new ColumnSchema("email", DataType.TEXT), new ColumnSchema("owner_uid", DataType.TEXT)), List.of("id"), List.of()),
                new TableSchema("payroll", "", List.of(new ColumnSchema("id", DataType.INTEGER), new ColumnSchema("salary", DataType.DECIMAL)),
                        List.of("id"), List.of())));
    }
}
