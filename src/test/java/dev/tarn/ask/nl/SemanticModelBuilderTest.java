package dev.tarn.ask.nl;

import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.ColumnRole;
import dev.tarn.ask.nl.model.Meaning;
import dev.tarn.ask.nl.model.Relationship;
import dev.tarn.ask.nl.model.SemanticModel;
import dev.tarn.ask.nl.model.SemanticModelBuilder;
import dev.tarn.ask.nl.model.Synonyms;
import dev.tarn.ask.nl.model.ValueIndex;
import dev.tarn.ask.nl.model.Words;
import dev.tarn.ask.nl.sql.SqlDialect;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How the semantic model reads a datasource's metadata. */
class SemanticModelBuilderTest {
    private final SemanticModel geography = SemanticModelBuilder.build(Fixtures.geographySchema(SqlDialect.DUCKDB), ValueIndex.empty(), Synonyms.none());
    private final SemanticModel product = SemanticModelBuilder.build(Fixtures.productSchema(SqlDialect.DUCKDB), ValueIndex.empty(), Synonyms.none());

    @Test
    void columnsGetRolesFromTheirTypesAndNames() {
        assertThat(role(product, "orders", "amount")).isEqualTo(ColumnRole.MEASURE);
        assertThat(role(product, "orders", "customer_id")).isEqualTo(ColumnRole.IDENTIFIER);
        assertThat(role(product, "orders", "id")).isEqualTo(ColumnRole.IDENTIFIER);
        assertThat(role(product, "orders", "ordered_at")).isEqualTo(ColumnRole.TIME);
        assertThat(role(product, "customers", "country")).isEqualTo(ColumnRole.DIMENSION);
    }

    @Test
    void foreignKeysAreInferredFromNamesWhenNotDeclared() {
        assertThat(product.relationships()).contains(
                new Relationship(new ColumnReference("orders", "customer_id"), new ColumnReference("customers", "id"), true),
                new Relationship(new ColumnReference("customers", "plan_id"), new ColumnReference("plans", "id"), false));
        assertThat(geography.relationships()).containsExactlyInAnyOrder(
                new Relationship(new ColumnReference("city", "state_name"), new ColumnReference("state", "state_name"), true),
                new Relationship(new ColumnReference("border_info", "state_name"), new ColumnReference("state", "state_name"), true));
    }

    @Test
    void tablesAreNamedInSingularAndPluralAndColumnsWithoutTheirTablesPrefix() {
        assertThat(geography.lexicon().lookup(Words.split("cities"))).containsExactly(new Meaning.TableMeaning("city"));
        assertThat(geography.lexicon().lookup(Words.split("city"))).containsExactly(new Meaning.TableMeaning("city"));
        assertThat(geography.lexicon().lookup(Words.split("city name")))
                .containsExactly(new Meaning.ColumnMeaning(new ColumnReference("city", "city_name")));
        assertThat(geography.lexicon().lookup(Words.split("names"))).contains(
                new Meaning.ColumnMeaning(new ColumnReference("city", "city_name")),
                new Meaning.ColumnMeaning(new ColumnReference("river", "river_name")));
    }

    @Test
    void theDisplayColumnIsTheNameColumn() {
        assertThat(geography.table("river").displayColumn()).hasValueSatisfying(column -> assertThat(column.name()).isEqualTo("river_name"));
        assertThat(product.table("customers").displayColumn()).hasValueSatisfying(column -> assertThat(column.name()).isEqualTo("name"));
        assertThat(product.table("orders").displayColumn()).isEmpty();
    }

    private static ColumnRole role(SemanticModel model, String table, String column) {
        return model.column(new ColumnReference(table, column)).role();
    }
}
