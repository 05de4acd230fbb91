package dev.tarn.ask.datasource;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a datasource's access_config may hold for each engine, and that its password never shows. */
class AccessConfigTest {
    private static Map<String, Object> server() {
        return new HashMap<>(Map.of("host", "db.internal", "port", "5432", "db", "sales", "user", "reader", "password", "s3cret!"));
    }

    @Test
    void thePasswordIsKeptForConnectingButNeverShownOrPrinted() {
        AccessConfig config = AccessConfig.from(DatasourceEngine.POSTGRESQL, server());
        assertThat(config.password()).contains("s3cret!");
        assertThat(config.withoutPassword()).isEqualTo(Map.of("host", "db.internal", "port", 5432, "db", "sales", "user", "reader"));
        assertThat(config.toString()).doesNotContain("s3cret!").contains("<secret>");
        Datasource datasource = new Datasource("ds_x", "p", "n", DatasourceEngine.POSTGRESQL, "", config, MetaStatus.UNPROCESSED,
                java.util.Optional.empty(), java.util.List.of(), java.util.List.of(), java.util.Optional.empty(), 1, java.time.Instant.EPOCH,
                java.time.Instant.EPOCH);
        assertThat(datasource.toString()).doesNotContain("s3cret!");
    }

    @Test
    void aChangeWithoutAPasswordKeepsTheStoredOne() {
        AccessConfig config = AccessConfig.from(DatasourceEngine.POSTGRESQL, server());
        AccessConfig changed = config.merge(DatasourceEngine.POSTGRESQL, Map.of("host", "replica.internal"));
        assertThat(changed.host()).contains("replica.internal");
        assertThat(changed.password()).contains("s3cret!");
    }

    @Test
    void serversNeedAHostAndAUserAndMysqlADatabase() {
        assertThatThrownBy(() -> AccessConfig.from(DatasourceEngine.POSTGRESQL, Map.of("host", "x"))).hasMessageContaining("user");
        Map<String, Object> noDatabase = server();
        noDatabase.remove("db");
        assertThatThrownBy(() -> AccessConfig.from(DatasourceEngine.MYSQL, noDatabase)).hasMessageContaining("access_config.db");
        assertThatThrownBy(() -> AccessConfig.from(DatasourceEngine.POSTGRESQL, Map.of("host", "x", "user", "u", "port", "99999")))
                .hasMessageContaining("port");
    }

    @Test
    void fileDatasourcesTakeNoPathAndSayHowToUpload() {
        for (DatasourceEngine engine : new DatasourceEngine[]{DatasourceEngine.SQLITE, DatasourceEngine.DUCKDB, DatasourceEngine.CSV,
                DatasourceEngine.EXCEL, DatasourceEngine.PARQUET}) {
            for (String key : new String[]{"db", "path", "file", "files", "url"}) {
                assertThatThrownBy(() -> AccessConfig.from(engine, Map.of(key, "/etc/passwd"))).as(engine + " " + key)
                        .isInstanceOfSatisfying(TarnException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.DATASOURCE_CONFIG_INVALID);
                            assertThat(e.getMessage()).contains("POST /v1/datasources/{id}/files");
                        });
            }
            assertThat(AccessConfig.from(engine, Map.of()).withoutPassword()).isEmpty();
        }
    }

    @Test
    void enginesAreNamedAsTheSdkNamesThemWithMariadbForMysql() {
        assertThat(DatasourceEngine.parse("MariaDB")).isEqualTo(DatasourceEngine.MYSQL);
        assertThat(DatasourceEngine.parse(" postgresql ")).isEqualTo(DatasourceEngine.POSTGRESQL);
        assertThatThrownBy(() -> DatasourceEngine.parse("oracle")).isInstanceOfSatisfying(TarnException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DATASOURCE_ENGINE_UNKNOWN);
            assertThat(e.getMessage()).contains("tarn, postgresql, mysql, sqlite, duckdb, excel, csv, parquet");
        });
    }

    @Test
    void tableNamesFromFileNamesAreSafeAndUnique() {
        assertThat(TableNames.fromFileName("Ventes 2026 (été).csv")).isEqualTo("ventes_2026_ete");
        assertThat(TableNames.fromFileName("2026.parquet")).isEqualTo("t_2026");
        assertThat(TableNames.fromFileName("\"; DROP TABLE x; --.csv")).isEqualTo("drop_table_x");
        assertThat(TableNames.fromFileName("!!!.csv")).isEqualTo("table");
        assertThat(TableNames.unique("sales", java.util.Set.of("sales", "sales_2"))).isEqualTo("sales_3");
    }
}
