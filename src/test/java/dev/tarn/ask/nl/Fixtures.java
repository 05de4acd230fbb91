package dev.tarn.ask.nl;

import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.ColumnSchema;
import dev.tarn.ask.nl.model.DataType;
import dev.tarn.ask.nl.model.DatabaseSchema;
import dev.tarn.ask.nl.model.ForeignKey;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.model.SemanticModelBuilder;
import dev.tarn.ask.nl.model.Synonyms;
import dev.tarn.ask.nl.model.TableSchema;
import dev.tarn.ask.nl.model.ValueIndex;
import dev.tarn.ask.nl.sql.SqlDialect;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Two small datasources the engine's specifications are written against, and a clock stopped on 2026-03-15. */
final class Fixtures {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-15T10:00:00Z"), ZoneOffset.UTC);

    private Fixtures() {
    }

    /** A GeoQuery-like schema with no declared keys: joins come from names such as {@code state_name}. */
    static DatabaseSchema geographySchema(SqlDialect dialect) {
        return new DatabaseSchema(dialect, List.of(
                new TableSchema("state", List.of(text("state_name"), integer("population"), decimal("area"), text("capital"),
                        decimal("density"))),
                new TableSchema("city", List.of(text("city_name"), integer("population"), text("state_name"))),
                new TableSchema("river", List.of(text("river_name"), integer("length"), text("traverse"))),
                new TableSchema("border_info", List.of(text("state_name"), text("border")))));
    }

    static ValueIndex geographyValues() {
        Map<ColumnReference, List<String>> values = new LinkedHashMap<>();
        values.put(new ColumnReference("state", "state_name"), List.of("texas", "california", "new york", "rhode island"));
        values.put(new ColumnReference("state", "capital"), List.of("austin", "sacramento", "albany", "providence"));
        values.put(new ColumnReference("city", "city_name"), List.of("houston", "dallas", "austin", "los angeles", "new york"));
        values.put(new ColumnReference("city", "state_name"), List.of("texas", "california", "new york"));
        values.put(new ColumnReference("river", "river_name"), List.of("rio grande", "red", "hudson"));
        values.put(new ColumnReference("river", "traverse"), List.of("texas", "new york"));
        values.put(new ColumnReference("border_info", "state_name"), List.of("texas", "new york"));
        values.put(new ColumnReference("border_info", "border"), List.of("new mexico", "oklahoma", "vermont"));
        return ValueIndex.of(values);
    }

    static QuestionTranslator geography() {
        return geography(SqlDialect.DUCKDB);
    }

    static QuestionTranslator geography(SqlDialect dialect) {
        SemanticModel model = SemanticModelBuilder.build(geographySchema(dialect), geographyValues(), Synonyms.none());
        return new QuestionTranslator(model, CLOCK);
    }

    /** A product schema with declared keys, a date column and an administrator's synonyms. */
    static DatabaseSchema productSchema(SqlDialect dialect) {
        return new DatabaseSchema(dialect, List.of(
                new TableSchema("plans", "", List.of(integer("id"), text("name"), decimal("monthly_price")), List.of("id"), List.of()),
                new TableSchema("customers", "", List.of(integer("id"), text("name"), text("country"), integer("plan_id")),
                        List.of("id"), List.of(new ForeignKey("plan_id", "plans", "id"))),
                new TableSchema("orders", "", List.of(integer("id"), integer("customer_id"), decimal("amount"), text("status"),
                        new ColumnSchema("ordered_at", DataType.DATE)), List.of("id"), List.of())));
    }

    static QuestionTranslator product() {
        return product(SqlDialect.DUCKDB);
    }

    static QuestionTranslator product(SqlDialect dialect) {
        Map<ColumnReference, List<String>> values = new LinkedHashMap<>();
        values.put(new ColumnReference("customers", "country"), List.of("France", "Germany", "United States"));
        values.put(new ColumnReference("customers", "name"), List.of("Acme", "O'Reilly Media"));
        values.put(new ColumnReference("plans", "name"), List.of("Free", "Pro"));
        values.put(new ColumnReference("orders", "status"), List.of("paid", "refunded"));
        Synonyms synonyms = new Synonyms(
                List.of(Synonyms.TermSynonym.forColumn("revenue", "orders", "amount"), Synonyms.TermSynonym.forTable("clients", "customers")),
                List.of(new Synonyms.FilterPhrasing("refunds", new ColumnReference("orders", "status"), "refunded")));
        SemanticModel model = SemanticModelBuilder.build(productSchema(dialect), ValueIndex.of(values), synonyms);
        return new QuestionTranslator(model, CLOCK);
    }

    private static ColumnSchema text(String name) {
        return new ColumnSchema(name, DataType.TEXT);
    }

    private static ColumnSchema integer(String name) {
        return new ColumnSchema(name, DataType.INTEGER);
    }

    private static ColumnSchema decimal(String name) {
        return new ColumnSchema(name, DataType.DECIMAL);
    }
}
