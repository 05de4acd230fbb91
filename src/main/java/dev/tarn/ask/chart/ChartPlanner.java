package dev.tarn.ask.chart;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tarn.ask.ResultTable;
import dev.tarn.ask.chart.ChartPlan.NoChart;
import dev.tarn.ask.chart.ChartPlan.NumberPlan;
import dev.tarn.ask.chart.ChartPlan.ScatterPlan;
import dev.tarn.ask.chart.ChartPlan.SeriesPlan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Chooses the chart that fits an answer's rows, and draws it as Vega-Lite and as SVG.
 * <ul>
 *   <li>one row with one measure: {@link ChartKind#NUMBER} (other columns of the row say what it is about);</li>
 *   <li>a time column and measures: {@link ChartKind#LINE}, sorted by time, one line per measure;
 *       a time column, one category and one measure: one line per category value (at most
 *       {@value #MOST_SERIES} lines: the largest by total, the title says so);</li>
 *   <li>a category and one or more measures: {@link ChartKind#BAR}, horizontal so long names stay
 *       readable, in the query's order (its ORDER BY is usually the ranking asked for); several measures,
 *       or one measure and a second category, give grouped bars. Over {@value #MOST_BARS} categories only the
 *       {@value #MOST_BARS} largest (by total of the first measure) are drawn, still in the query's order, and
 *       the title says "top 30 of N" — a bar chart of hundreds of bars says nothing;</li>
 *   <li>exactly two measures and nothing else: {@link ChartKind#SCATTER};</li>
 *   <li>anything else (no measure, one row of several measures, a lone measure with no labels,
 *       several categories and measures at once): {@link ChartKind#TABLE}, with the reason.</li>
 * </ul>
 * A line or scatter plot draws at most {@value #MOST_ROWS} points (the earliest, or the first in the query's
 * order), and grouped bars at most {@value #MOST_SERIES} groups; the title says so, the dataframe keeps every row.
 * Keys and years held as numbers ({@code customer_id}, {@code year}) label rows rather than measure them.
 */
public final class ChartPlanner {
    static final int MOST_BARS = 30;
    static final int MOST_SERIES = 10;
    static final int MOST_ROWS = 5_000;

    private final VegaLiteSpecWriter vegaLite = new VegaLiteSpecWriter();
    private final SvgChartRenderer svg = new SvgChartRenderer();

    /** The chart for these rows, titled after their columns. */
    public Chart plan(ResultTable table) {
        return plan(table, "");
    }

    /** The chart for these rows, titled with the question's interpretation when it is not blank. */
    public Chart plan(ResultTable table, String title) {
        ChartPlan plan = choose(table, title == null ? "" : title.strip());
        return switch (plan) {
            case NoChart noChart -> new Chart(ChartKind.TABLE, JsonNodeFactory.instance.objectNode(), "", noChart.title(), noChart.reason());
            case NumberPlan number -> new Chart(ChartKind.NUMBER, vegaLite.write(plan), svg.render(plan), number.title(), number.reason());
            case SeriesPlan series -> new Chart(series.kind(), vegaLite.write(plan), svg.render(plan), series.title(), series.reason());
            case ScatterPlan scatter -> new Chart(ChartKind.SCATTER, vegaLite.write(plan), svg.render(plan), scatter.title(), scatter.reason());
        };
    }

    ChartPlan choose(ResultTable table, String title) {
        String fallbackTitle = title.isEmpty() ? "Result" : title;
        if (table.columns().isEmpty()) return new NoChart(fallbackTitle, "The answer has no columns.");
        if (table.rows().isEmpty()) return new NoChart(fallbackTitle, "No rows to draw.");
        List<Integer> measures = new ArrayList<>();
        List<Integer> times = new ArrayList<>();
        List<Integer> categories = new ArrayList<>();
        for (int index = 0; index < table.columns().size(); index++) {
            switch (ColumnRole.of(table, index)) {
                case MEASURE -> measures.add(index);
                case TIME -> times.add(index);
                case CATEGORY -> categories.add(index);
                case UNDRAWABLE -> { } // lists, blobs, all-null columns: drawn around, kept in the table
            }
        }
        if (measures.isEmpty()) {
            return new NoChart(fallbackTitle, "No numeric column to draw: " + names(table, allColumns(table)) + " hold text, times or keys.");
        }
        if (table.rows().size() == 1) {
            if (measures.size() == 1) return number(table, title, measures.getFirst(), concat(times, categories));
            return new NoChart(fallbackTitle, "One row of " + measures.size() + " numbers (" + names(table, measures) + ") reads better as a table.");
        }
        if (!times.isEmpty()) {
            if (times.size() > 1) return new NoChart(fallbackTitle, times.size() + " time columns (" + names(table, times) + ") give no single time axis.");
            if (categories.isEmpty()) return line(table, title, times.getFirst(), measures, Optional.empty());
            if (categories.size() == 1 && measures.size() == 1) return line(table, title, times.getFirst(), measures, Optional.of(categories.getFirst()));
            return new NoChart(fallbackTitle, "A time column with " + count(categories.size(), "category", "categories") + " and "
                    + count(measures.size(), "measure", "measures") + " has too many dimensions for one chart.");
        }
        if (categories.isEmpty()) {
            if (measures.size() == 2) return scatter(table, title, measures.get(0), measures.get(1));
            if (measures.size() == 1) {
                return new NoChart(fallbackTitle, "A single measure (" + names(table, measures) + ") with no labels or times has nothing to plot it against.");
            }
            return new NoChart(fallbackTitle, measures.size() + " measures with no labels or times: a scatter plot takes exactly two.");
        }
        if (categories.size() == 1 && measures.size() <= MOST_SERIES) return bar(table, title, categories.getFirst(), measures, Optional.empty());
        if (categories.size() == 2 && measures.size() == 1) return bar(table, title, categories.get(0), measures, Optional.of(categories.get(1)));
        return new NoChart(fallbackTitle, ColumnWords.capitalized(count(categories.size(), "category", "categories")) + " (" + names(table, categories)
                + ") and " + count(measures.size(), "measure", "measures") + " have too many dimensions for one chart.");
    }

    private static NumberPlan number(ResultTable table, String title, int measure, List<Integer> labelColumns) {
        List<Object> row = table.rows().getFirst();
        String label = labelColumns.stream().sorted().map(index -> ValueFormatter.forColumn(table, index).format(row.get(index)))
                .collect(Collectors.joining(", "));
        String measureName = table.columns().get(measure).name();
        String chosenTitle = title.isEmpty() ? ColumnWords.capitalized(ColumnWords.phrase(measureName)) + (label.isEmpty() ? "" : " for " + label) : title;
        return new NumberPlan(chosenTitle, "One row with one measure (" + measureName + "): shown as a number.", table, measure,
                ValueFormatter.forColumn(table, measure).format(row.get(measure)), label);
    }

    private static ChartPlan line(ResultTable table, String title, int time, List<Integer> measures, Optional<Integer> seriesColumn) {
        record TimedRow(Instant instant, List<Object> row) {
        }
        List<List<Object>> rows = table.rows().stream()
                .flatMap(row -> ChartValues.instant(row.get(time)).map(instant -> new TimedRow(instant, row)).stream())
                .sorted(Comparator.comparing(TimedRow::instant))
                .map(TimedRow::row)
                .collect(Collectors.toCollection(ArrayList::new));
        if (rows.isEmpty()) {
            return new NoChart(title.isEmpty() ? "Result" : title, "The time column " + table.columns().get(time).name() + " holds no readable time.");
        }
        String suffix = "";
        if (seriesColumn.isPresent()) {
            int distinct = distinctLabels(rows, seriesColumn.get()).size();
            if (distinct > MOST_SERIES) {
                rows = keepLargest(rows, seriesColumn.get(), measures.getFirst(), MOST_SERIES);
                suffix = " (top " + MOST_SERIES + " of " + distinct + " " + ColumnWords.plural(table.columns().get(seriesColumn.get()).name()) + ")";
            }
        }
        if (rows.size() > MOST_ROWS) {
            suffix += String.format(Locale.US, " (first %,d of %,d points)", MOST_ROWS, rows.size());
            rows = rows.subList(0, MOST_ROWS);
        }
        String by = ColumnWords.phrase(table.columns().get(time).name())
                + seriesColumn.map(index -> " and " + ColumnWords.phrase(table.columns().get(index).name())).orElse("");
        String chosenTitle = (title.isEmpty() ? ColumnWords.capitalized(phrases(table, measures) + " by " + by) : title) + suffix;
        String reason = "A time column (" + table.columns().get(time).name() + ") and " + (measures.size() == 1 ? "a measure" : "measures")
                + " (" + names(table, measures) + ")" + seriesColumn.map(index -> ", one line per " + table.columns().get(index).name()).orElse("")
                + ": a line over time.";
        return new SeriesPlan(ChartKind.LINE, chosenTitle, reason, new ResultTable(table.columns(), rows, table.truncated()), time, measures, seriesColumn);
    }

    private static SeriesPlan bar(ResultTable table, String title, int category, List<Integer> measures, Optional<Integer> seriesColumn) {
        List<List<Object>> rows = table.rows();
        int distinct = distinctLabels(rows, category).size();
        String suffix = "";
        if (distinct > MOST_BARS) {
            rows = keepLargest(rows, category, measures.getFirst(), MOST_BARS);
            suffix = " (top " + MOST_BARS + " of " + distinct + " " + ColumnWords.plural(table.columns().get(category).name()) + ")";
        }
        if (seriesColumn.isPresent()) {
            int groups = distinctLabels(rows, seriesColumn.get()).size();
            if (groups > MOST_SERIES) {
                rows = keepLargest(rows, seriesColumn.get(), measures.getFirst(), MOST_SERIES);
                suffix += " (top " + MOST_SERIES + " of " + groups + " " + ColumnWords.plural(table.columns().get(seriesColumn.get()).name()) + ")";
            }
        }
        String by = ColumnWords.phrase(table.columns().get(category).name())
                + seriesColumn.map(index -> " and " + ColumnWords.phrase(table.columns().get(index).name())).orElse("");
        String chosenTitle = (title.isEmpty() ? ColumnWords.capitalized(phrases(table, measures) + " by " + by) : title) + suffix;
        String reason = "A category (" + table.columns().get(category).name() + ") and " + (measures.size() == 1 ? "a measure" : "measures")
                + " (" + names(table, measures) + ")"
                + (measures.size() > 1 ? ", one bar per measure" : "")
                + seriesColumn.map(index -> ", one bar per " + table.columns().get(index).name()).orElse("") + ": bars.";
        return new SeriesPlan(ChartKind.BAR, chosenTitle, reason, new ResultTable(table.columns(), rows, table.truncated()), category, measures, seriesColumn);
    }

    private static ScatterPlan scatter(ResultTable table, String title, int horizontal, int vertical) {
        String chosenTitle = title.isEmpty()
                ? ColumnWords.capitalized(ColumnWords.phrase(table.columns().get(vertical).name()) + " against "
                + ColumnWords.phrase(table.columns().get(horizontal).name()))
                : title;
        if (table.rows().size() > MOST_ROWS) {
            chosenTitle += String.format(Locale.US, " (first %,d of %,d points)", MOST_ROWS, table.rows().size());
            table = new ResultTable(table.columns(), table.rows().subList(0, MOST_ROWS), table.truncated());
        }
        return new ScatterPlan(chosenTitle, "Two measures (" + names(table, List.of(horizontal, vertical)) + ") and no labels: a scatter plot.",
                table, horizontal, vertical);
    }

    /** The rows of the {@code limit} keys with the largest totals of a measure, in their original order. */
    static List<List<Object>> keepLargest(List<List<Object>> rows, int keyColumn, int measureColumn, int limit) {
        Map<String, Double> totals = new LinkedHashMap<>();
        for (List<Object> row : rows) {
            totals.merge(ChartValues.label(row.get(keyColumn)), ChartValues.number(row.get(measureColumn)).orElse(0), Double::sum);
        }
        Set<String> kept = totals.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(limit)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        return rows.stream().filter(row -> kept.contains(ChartValues.label(row.get(keyColumn)))).toList();
    }

    static Set<String> distinctLabels(List<List<Object>> rows, int column) {
        Set<String> labels = new LinkedHashSet<>();
        for (List<Object> row : rows) labels.add(ChartValues.label(row.get(column)));
        return labels;
    }

    private static String phrases(ResultTable table, List<Integer> columns) {
        List<String> phrases = columns.stream().map(index -> ColumnWords.phrase(table.columns().get(index).name())).toList();
        if (phrases.size() == 1) return phrases.getFirst();
        return String.join(", ", phrases.subList(0, phrases.size() - 1)) + " and " + phrases.getLast();
    }

    private static String names(ResultTable table, List<Integer> columns) {
        return columns.stream().map(index -> table.columns().get(index).name()).collect(Collectors.joining(", "));
    }

    private static List<Integer> allColumns(ResultTable table) {
        return IntStream.range(0, table.columns().size()).boxed().toList();
    }

    private static String count(int count, String singular, String plural) {
        return count == 1 ? "one " + singular : count + " " + plural;
    }

    private static List<Integer> concat(List<Integer> first, List<Integer> second) {
        List<Integer> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
