package dev.tarn.ask.chart;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.tarn.ask.chart.Tables.columns;
import static dev.tarn.ask.chart.Tables.row;
import static dev.tarn.ask.chart.Tables.table;
import static dev.tarn.ask.nl.model.DataType.BOOLEAN;
import static dev.tarn.ask.nl.model.DataType.DATE;
import static dev.tarn.ask.nl.model.DataType.DECIMAL;
import static dev.tarn.ask.nl.model.DataType.INTEGER;
import static dev.tarn.ask.nl.model.DataType.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Vega-Lite specs are real: the official vega-lite and vega packages (pinned in
 * src/test/js/vega-lite-check/package.json, installed from npm) validate each against the Vega-Lite v5
 * schema, compile it without a warning and render it headless, with one drawn item per row (or per
 * row and measure). Fails, never skips, without Node: CI installs it.
 */
class VegaLiteSpecInVegaTest {
    private static final Path SCRIPT_SOURCE = Path.of("src", "test", "js", "vega-lite-check");
    private static final Path WORK_DIRECTORY = Path.of("target", "vega-lite-check");

    private static final ChartPlanner PLANNER = new ChartPlanner();
    private static final Map<String, String> RESULTS = new LinkedHashMap<>();
    private static String output = "";

    @BeforeAll
    static void renderEverySpecWithVega() throws Exception {
        Map<String, Chart> charts = new LinkedHashMap<>();
        charts.put("number", PLANNER.plan(table(columns("total_amount", DECIMAL), row(new BigDecimal("1234567.891")))));
        List<List<Object>> months = new ArrayList<>();
        for (int month = 1; month <= 12; month++) months.add(row(LocalDate.of(2024, month, 1), 100.0 + month));
        charts.put("line", PLANNER.plan(table(columns("month", DATE, "revenue", DECIMAL), months, false)));
        charts.put("line-per-measure", PLANNER.plan(table(columns("month", DATE, "revenue", DECIMAL, "cost", DECIMAL),
                row(LocalDate.of(2024, 1, 1), 100.0, 60.0), row(LocalDate.of(2024, 2, 1), 120.0, 70.0), row(LocalDate.of(2024, 3, 1), 90.0, 50.0))));
        charts.put("line-per-category", PLANNER.plan(table(columns("month", DATE, "country", TEXT, "revenue", DECIMAL),
                row(LocalDate.of(2024, 1, 1), "France", 10.0), row(LocalDate.of(2024, 1, 1), "Spain", 8.0),
                row(LocalDate.of(2024, 2, 1), "France", 12.0), row(LocalDate.of(2024, 2, 1), "Spain", 9.0))));
        charts.put("bar", PLANNER.plan(table(columns("country", TEXT, "total_amount", DECIMAL),
                row("France", 12000.0), row("Spain", 9500.0), row("Italy", 7250.0), row("<script>alert(1)</script>", 10.0))));
        charts.put("bar-per-measure", PLANNER.plan(table(columns("country", TEXT, "orders", INTEGER, "returns", INTEGER),
                row("France", 120L, 5L), row("Spain", 80L, 9L), row("Italy", 60L, 2L))));
        charts.put("bar-per-category", PLANNER.plan(table(columns("country", TEXT, "paid", BOOLEAN, "orders", INTEGER),
                row("France", true, 100L), row("France", false, 20L), row("Spain", true, 70L))));
        charts.put("bar-dotted-name", PLANNER.plan(table(columns("order.country", TEXT, "total", DECIMAL, "total", DECIMAL),
                row("France", 1.0, 2.0), row("Spain", 3.0, 4.0))));
        List<List<Object>> points = new ArrayList<>();
        for (int index = 0; index < 40; index++) points.add(row(1.0 + index * 0.5, (long) (300 - index * 6)));
        charts.put("scatter", PLANNER.plan(table(columns("price", DECIMAL, "quantity", INTEGER), points, false)));

        Path work = prepareWorkDirectory();
        Path specs = work.resolve("specs");
        Files.createDirectories(specs);
        List<String> command = new ArrayList<>(List.of(executable("node", "Node.js 18 or later").toString(), "spec-check.mjs"));
        ObjectMapper json = new ObjectMapper();
        for (Map.Entry<String, Chart> chart : charts.entrySet()) {
            Path file = specs.resolve(chart.getKey() + ".json");
            json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), chart.getValue().vegaLite());
            command.add(work.relativize(file).toString());
        }
        output = run(work, work.resolve("spec-check.log"), 120, command);
        for (String line : output.lines().toList()) {
            String[] words = line.split(" ", 3);
            if (line.startsWith("ok ") && words.length == 3) RESULTS.put(words[1], words[2]);
        }
    }

    @Test
    void aNumberIsOneTextMarkShowingTheFormattedValue() {
        assertThat(result("number")).startsWith("text=1 ").endsWith(" text=1,234,567.89");
    }

    @Test
    void aLineHasOnePointPerRow() {
        assertThat(result("line")).startsWith("line=12 symbol=12 ");
        assertThat(result("line-per-measure")).as("3 months x 2 measures").startsWith("line=6 symbol=6 ");
        assertThat(result("line-per-category")).as("2 months x 2 countries").startsWith("line=4 symbol=4 ");
    }

    @Test
    void barsHaveOneBarPerRowAndMeasure() {
        assertThat(result("bar")).startsWith("rect=4 ");
        assertThat(result("bar-per-measure")).as("3 countries x 2 measures").startsWith("rect=6 ");
        assertThat(result("bar-per-category")).startsWith("rect=3 ");
        assertThat(result("bar-dotted-name")).as("a dotted column name stays one field").startsWith("rect=4 ");
    }

    @Test
    void aScatterPlotHasOnePointPerRow() {
        assertThat(result("scatter")).startsWith("symbol=40 ");
    }

    private static String result(String name) {
        assertThat(RESULTS).as("node spec-check.mjs output:%n%s", output).containsKey(name);
        return RESULTS.get(name);
    }

    /** Copies the script on every run, so edits take effect; installs the packages from npm only once. */
    private static Path prepareWorkDirectory() throws IOException, InterruptedException {
        Path work = WORK_DIRECTORY.toAbsolutePath();
        Files.createDirectories(work);
        for (String file : List.of("package.json", "package-lock.json", "spec-check.mjs")) {
            Files.copy(SCRIPT_SOURCE.resolve(file), work.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(work.resolve("node_modules/vega-lite")) || !Files.isDirectory(work.resolve("node_modules/vega"))) {
            String install = run(work, work.resolve("npm-install.log"), 300,
                    List.of(executable("npm", "npm").toString(), "install", "--no-audit", "--no-fund", "--prefix", work.toString()));
            assertThat(work.resolve("node_modules/vega-lite")).as("npm install output:%n%s", install).isDirectory();
        }
        return work;
    }

    private static String run(Path directory, Path log, int timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("'%s' did not finish within %d s; its output:%n%s", String.join(" ", command), timeoutSeconds, Files.readString(log));
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("exit code of '%s'; its output:%n%s", String.join(" ", command), text).isZero();
        return text;
    }

    private static Path executable(String name, String what) {
        return Stream.of(Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseGet(() -> fail("This test needs %s on PATH (.ci/run installs it: apt-get install -y nodejs npm); PATH=%s",
                        what, System.getenv("PATH")));
    }
}
