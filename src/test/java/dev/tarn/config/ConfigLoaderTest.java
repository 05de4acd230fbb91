package dev.tarn.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration comes from defaults, then the file, then TARN_* variables, then flags; unknown keys stop the start. */
class ConfigLoaderTest {

    @Test
    void defaultsServeOnPort2900WithDataInTheWorkingDirectory() {
        TarnConfig config = new ConfigLoader().build();
        assertThat(config.port()).isEqualTo(2900);
        assertThat(config.dataDirectory()).isEqualTo(Path.of("./data"));
        assertThat(config.rootPassword()).isEmpty();
        assertThat(config.query().typedColumns()).isFalse();
    }

    @Test
    void theFileOverridesDefaultsAndTheEnvironmentOverridesTheFile(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("tarn.properties");
        Files.writeString(file, "port=3000\nengine.connections=4\n");
        TarnConfig config = new ConfigLoader().file(file).environment(Map.of("TARN_PORT", "3100", "HOME", "/x")).build();
        assertThat(config.port()).isEqualTo(3100);
        assertThat(config.engine().connections()).isEqualTo(4);
    }

    @Test
    void anUnknownKeyInTheFileFailsAndNamesIt(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("tarn.properties");
        Files.writeString(file, "prot=3000\n");
        assertThatThrownBy(() -> new ConfigLoader().file(file)).hasMessageContaining("unknown configuration keys").hasMessageContaining("prot");
    }

    @Test
    void anUnknownTarnVariableFailsAndNamesIt() {
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("TARN_PROT", "1")))
                .hasMessageContaining("TARN_PROT");
    }

    @Test
    void badValuesSayWhatIsExpectedWithoutPrintingSecrets() {
        assertThatThrownBy(() -> new ConfigLoader().set(ConfigKey.PORT, "http").build()).hasMessage("port must be a whole number, not 'http'");
        assertThatThrownBy(() -> new ConfigLoader().set(ConfigKey.PORT, "70000").build()).hasMessageContaining("between 0 and 65535");
        assertThatThrownBy(() -> new ConfigLoader().set(ConfigKey.QUERY_TYPED_COLUMNS, "maybe").build()).hasMessageContaining("true or false");
    }

    @Test
    void aJwtSecretShorterThan32BytesIsRefusedWithoutBeingPrinted() {
        assertThatThrownBy(() -> new ConfigLoader().set(ConfigKey.AUTH_JWT_SECRET, "too-short-secret").build())
                .hasMessageContaining("auth.jwt_secret must be at least 32 bytes").hasMessageNotContaining("too-short-secret");
        TarnConfig config = new ConfigLoader().set(ConfigKey.AUTH_JWT_SECRET, "a-secret-that-is-long-enough-for-hs256").build();
        assertThat(config.auth().jwtSecret()).contains("a-secret-that-is-long-enough-for-hs256");
        assertThat(config.toString()).doesNotContain("a-secret-that-is-long-enough-for-hs256");
    }

    @Test
    void printingTheConfigurationNeverShowsTheRootPassword() {
        TarnConfig config = new ConfigLoader().set(ConfigKey.ROOT_PASSWORD, "do-not-print-me").build();
        assertThat(config.toString()).doesNotContain("do-not-print-me").contains("rootPassword=<secret>");
    }

    @Test
    void theShippedPropertiesFileListsEveryKeyWithItsDefault() throws Exception {
        var properties = new java.util.Properties();
        try (var reader = Files.newBufferedReader(Path.of("etc", "tarn.properties"))) {
            properties.load(reader);
        }
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(properties.getProperty(key.key())).as(key.key()).isEqualTo(key.defaultValue());
        }
        assertThat(properties.stringPropertyNames()).hasSize(ConfigKey.values().length);
    }
}
