package dev.tarn.ask.chart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.tarn.ask.chart.Tables.columns;
import static dev.tarn.ask.chart.Tables.row;
import static dev.tarn.ask.chart.Tables.table;
import static dev.tarn.ask.nl.model.DataType.DATE;
import static dev.tarn.ask.nl.model.DataType.DECIMAL;
import static dev.tarn.ask.nl.model.DataType.INTEGER;
import static dev.tarn.ask.nl.model.DataType.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The server's SVG charts open in a real headless Chromium and draw something: a screenshot is not
 * blank, has many colours (text, axes, antialiasing) and shows the first series colour where the
 * bars, line, points or number are. Fails, never skips, when Chromium is missing: CI installs it.
 * Screenshots are kept in target/chromium-charts for a look.
 */
class ChartInChromiumTest {
    private static final Color FIRST_SERIES = ChartPalette.series(0);

    private final ChartPlanner planner = new ChartPlanner();

    @TempDir
    Path directory;

    @Test
    void aLineChartRendersInChromium() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (int month = 1; month <= 12; month++) rows.add(row(LocalDate.of(2024, month, 1), 100.0 + month * month * 3.5));
        Chart chart = planner.plan(table(columns("month", DATE, "revenue", DECIMAL), rows, false));

        assertThat(chart.kind()).isEqualTo(ChartKind.LINE);
        assertDrawn(screenshot(chart, "line"), 0.01, 20);
    }

    @Test
    void aBarChartRendersInChromium() throws Exception {
        Chart chart = planner.plan(table(columns("country", TEXT, "total_amount", DECIMAL),
                row("France", 12000.0), row("Spain", 9500.0), row("Italy", 7250.0), row("<script>alert(1)</script>", 3000.0)));

        assertThat(chart.kind()).isEqualTo(ChartKind.BAR);
        assertDrawn(screenshot(chart, "bar"), 0.05, 500);
    }

    @Test
    void aScatterPlotRendersInChromium() throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        for (int index = 0; index < 40; index++) rows.add(row(1.0 + index * 0.5, (long) (300 - index * 6 + (index % 7) * 9)));
        Chart chart = planner.plan(table(columns("price", DECIMAL, "quantity", INTEGER), rows, false));

        assertThat(chart.kind()).isEqualTo(ChartKind.SCATTER);
        assertDrawn(screenshot(chart, "scatter"), 0.01, 100);
    }

    @Test
    void aSingleNumberRendersInChromium() throws Exception {
        Chart chart = planner.plan(table(columns("total_amount", DECIMAL), row(new BigDecimal("1234567.89"))), "total amount of orders in 2024");

        assertThat(chart.kind()).isEqualTo(ChartKind.NUMBER);
        assertDrawn(screenshot(chart, "number"), 0.01, 500);
    }

    /** Non-white share at least {@code minimumInkShare}, more than one colour, and the first series colour on {@code minimumSeriesPixels}. */
    private static void assertDrawn(BufferedImage picture, double minimumInkShare, int minimumSeriesPixels) {
        int ink = 0;
        int seriesPixels = 0;
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < picture.getHeight(); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                Color colour = new Color(picture.getRGB(x, y));
                colours.add(colour.getRGB());
                if (colour.getRed() < 245 || colour.getGreen() < 245 || colour.getBlue() < 245) ink++;
                if (distance(colour, FIRST_SERIES) < 30) seriesPixels++;
            }
        }
        double inkShare = (double) ink / (picture.getWidth() * picture.getHeight());
        assertThat(inkShare).as("share of non-white pixels").isGreaterThanOrEqualTo(minimumInkShare);
        assertThat(colours).as("distinct colours").hasSizeGreaterThan(10);
        assertThat(seriesPixels).as("pixels in the first series colour").isGreaterThanOrEqualTo(minimumSeriesPixels);
    }

    private static double distance(Color one, Color other) {
        int red = one.getRed() - other.getRed();
        int green = one.getGreen() - other.getGreen();
        int blue = one.getBlue() - other.getBlue();
        return Math.sqrt(red * red + green * green + blue * blue);
    }

    private BufferedImage screenshot(Chart chart, String name) throws IOException, InterruptedException {
        Path svg = directory.resolve(name + ".svg");
        Files.writeString(svg, chart.svg(), StandardCharsets.UTF_8);
        Path png = directory.resolve(name + ".png");
        Path log = directory.resolve(name + ".log");
        Process chromium = new ProcessBuilder(chromium(), "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
                "--no-first-run", "--user-data-dir=" + directory.resolve("profile-" + name), "--screenshot=" + png,
                "--window-size=800,600", svg.toUri().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!chromium.waitFor(120, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            fail("Chromium took over 120 s to screenshot " + svg + ":\n" + Files.readString(log));
        }
        assertThat(chromium.exitValue()).as("Chromium's exit code; its output:\n%s", Files.readString(log)).isZero();
        assertThat(png).as("Chromium's screenshot; its output:\n%s", Files.readString(log)).exists();
        Path kept = Path.of("target", "chromium-charts");
        Files.createDirectories(kept);
        Files.copy(png, kept.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(svg, kept.resolve(name + ".svg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BufferedImage picture = ImageIO.read(png.toFile());
        assertThat(picture).as("a PNG ImageIO can read").isNotNull();
        return picture;
    }

    /** The Chromium binary on the PATH or in /usr/bin; a missing browser fails the test with how to install it. */
    static String chromium() {
        List<Path> candidates = new ArrayList<>();
        for (String directory : Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)) {
            if (directory.isEmpty()) continue;
            Stream.of("chromium", "chromium-browser").forEach(name -> candidates.add(Path.of(directory, name)));
        }
        candidates.add(Path.of("/usr/bin/chromium"));
        candidates.add(Path.of("/usr/bin/chromium-browser"));
        return candidates.stream().filter(Files::isExecutable).findFirst().map(Path::toString).orElseGet(() -> fail(
                "Chromium is not installed, and the SVG charts are checked in a real browser. Install it with "
                        + "`apt-get install -y chromium` (Debian) — .ci/run does so on CI."));
    }
}
