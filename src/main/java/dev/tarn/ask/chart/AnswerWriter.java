package dev.tarn.ask.chart;

import dev.tarn.ask.ResultTable;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Says an answer in one plain-English sentence, numbers formatted by {@link ValueFormatter}, and lists
 * a few insights about it. Sentences by shape:
 * <ul>
 *   <li>no rows: "No rows match."</li>
 *   <li>one value: "The total amount of orders in 2024 is 1,234,567.89." (the interpretation, else the column name);</li>
 *   <li>one row of several values: "Total amount and count of orders: total amount 1,200, count 4.";</li>
 *   <li>up to {@value #LISTED_ROWS} rows of one label and one measure sorted by it: "Top 3 countries by
 *       total amount: France (12,000), Spain (9,500), Italy (7,250)." ("Bottom 3" when ascending);</li>
 *   <li>other short results: "Revenue by month: 2024-01 (100), 2024-02 (120).";</li>
 *   <li>more rows, or a result cut at the row limit: "42 rows for total amount by country; the first 3:
 *       France (12,000), Spain (9,500), Italy (7,250)." ("More than 42 rows" when cut).</li>
 * </ul>
 */
public final class AnswerWriter {
    static final int LISTED_ROWS = 10;
    static final int FIRST_ROWS = 3;

    /** One sentence for the rows; {@code interpretation} is the engine's plain-English reading of the question (may be blank). */
    public String sentence(String interpretation, ResultTable table) {
        String reading = interpretation == null ? "" : interpretation.strip();
        if (reading.endsWith(".")) reading = reading.substring(0, reading.length() - 1);
        if (table.columns().isEmpty() || table.rows().isEmpty()) return "No rows match.";
        Columns columns = Columns.of(table);
        if (table.rows().size() == 1) return oneRow(reading, table, columns);
        String subject = reading.isEmpty() ? columns.defaultReading(table) : reading;
        int rowCount = table.rows().size();
        if (rowCount <= LISTED_ROWS && !table.truncated()) {
            Optional<String> ranking = ranking(table, columns);
            if (ranking.isPresent()) return ranking.get();
            return ColumnWords.capitalized(subject) + ": " + items(table, columns, rowCount) + ".";
        }
        String count = (table.truncated() ? "More than " : "") + String.format(Locale.US, "%,d", rowCount) + " rows";
        return count + " for " + subject + "; the first " + FIRST_ROWS + ": " + items(table, columns, FIRST_ROWS) + ".";
    }

    /**
     * A few facts about the rows for the Ask API's {@code insight} event, for up to three measures: over
     * time (one series) the change from first to last and the peak; otherwise the highest and lowest; the total when
     * adding the measure makes sense (not for averages, rates, shares, minimums or maximums) and, when all
     * values are positive, the leader's share of it. Empty for fewer than two rows.
     */
    public List<String> insights(ResultTable table) {
        if (table.columns().isEmpty() || table.rows().size() < 2) return List.of();
        Columns columns = Columns.of(table);
        List<String> insights = new ArrayList<>();
        for (int measure : columns.measures().stream().limit(3).toList()) {
            List<List<Object>> rows = table.rows().stream().filter(row -> ChartValues.number(row.get(measure)).isPresent()).toList();
            if (rows.size() < 2) continue;
            ValueFormatter format = ValueFormatter.forColumn(table, measure);
            String name = ColumnWords.phrase(table.columns().get(measure).name());
            // first-to-last only makes sense for one series: with a category too, rows of different series interleave
            if (columns.time().isPresent() && columns.labels().size() == 1) {
                insights.addAll(overTime(table, rows, columns.time().get(), measure, name, format));
            } else {
                List<Object> highest = rows.stream().max(Comparator.comparingDouble(row -> value(row, measure))).orElseThrow();
                List<Object> lowest = rows.stream().min(Comparator.comparingDouble(row -> value(row, measure))).orElseThrow();
                insights.add("Highest " + name + ": " + labelled(table, columns, highest, measure, format) + ".");
                insights.add("Lowest " + name + ": " + labelled(table, columns, lowest, measure, format) + ".");
            }
            if (additive(table.columns().get(measure).name())) {
                BigDecimal total = rows.stream().map(row -> ValueFormatter.decimal((Number) row.get(measure))).reduce(BigDecimal.ZERO, BigDecimal::add);
                String totalName = name.startsWith("total ") || name.equals("total") ? ColumnWords.capitalized(name) : "Total " + name;
                insights.add(totalName + " across " + String.format(Locale.US, "%,d", rows.size()) + " rows: " + format.format(total) + ".");
                boolean allPositive = rows.stream().allMatch(row -> value(row, measure) > 0);
                if (allPositive && !columns.labels().isEmpty() && columns.time().isEmpty()) {
                    List<Object> leader = rows.stream().max(Comparator.comparingDouble(row -> value(row, measure))).orElseThrow();
                    BigDecimal share = ValueFormatter.decimal((Number) leader.get(measure)).multiply(BigDecimal.valueOf(100))
                            .divide(total, 1, RoundingMode.HALF_UP);
                    insights.add(ColumnWords.capitalized(labels(table, columns, leader)) + " is " + share.stripTrailingZeros().toPlainString()
                            + "% of the total.");
                }
            }
        }
        if (table.truncated()) {
            insights.add("Only the first " + String.format(Locale.US, "%,d", table.rows().size()) + " rows were read; these figures cover them only.");
        }
        return List.copyOf(insights);
    }

    private static List<String> overTime(ResultTable table, List<List<Object>> rows, int time, int measure, String name, ValueFormatter format) {
        record TimedRow(Instant instant, List<Object> row) {
        }
        List<List<Object>> sorted = rows.stream()
                .flatMap(row -> ChartValues.instant(row.get(time)).map(instant -> new TimedRow(instant, row)).stream())
                .sorted(Comparator.comparing(TimedRow::instant)).map(TimedRow::row).toList();
        if (sorted.size() < 2) return List.of();
        ValueFormatter timeFormat = ValueFormatter.forColumn(table, time);
        List<Object> first = sorted.getFirst();
        List<Object> last = sorted.getLast();
        BigDecimal from = ValueFormatter.decimal((Number) first.get(measure));
        BigDecimal to = ValueFormatter.decimal((Number) last.get(measure));
        String change;
        if (from.compareTo(to) == 0) {
            change = "unchanged";
        } else if (from.signum() > 0) {
            BigDecimal percent = to.subtract(from).multiply(BigDecimal.valueOf(100)).divide(from, 1, RoundingMode.HALF_UP);
            change = (percent.signum() >= 0 ? "up " : "down ") + percent.abs().stripTrailingZeros().toPlainString() + "%";
        } else {
            change = to.compareTo(from) > 0 ? "up" : "down";
        }
        List<String> facts = new ArrayList<>();
        facts.add(ColumnWords.capitalized(name) + " went from " + format.format(first.get(measure)) + " (" + timeFormat.format(first.get(time)) + ") to "
                + format.format(last.get(measure)) + " (" + timeFormat.format(last.get(time)) + "), " + change + ".");
        List<Object> peak = sorted.stream().max(Comparator.comparingDouble(row -> value(row, measure))).orElseThrow();
        facts.add("Peak " + name + ": " + format.format(peak.get(measure)) + " (" + timeFormat.format(peak.get(time)) + ").");
        return facts;
    }

    private static boolean additive(String columnName) {
        return !ColumnWords.hasWord(columnName, "avg", "average", "mean", "median", "min", "minimum", "max", "maximum", "rate", "ratio",
                "share", "percent", "percentage", "pct", "fraction", "proportion", "price");
    }

    private static double value(List<Object> row, int column) {
        OptionalDouble number = ChartValues.number(row.get(column));
        return number.isPresent() ? number.getAsDouble() : Double.NEGATIVE_INFINITY;
    }

    private static String oneRow(String reading, ResultTable table, Columns columns) {
        List<Object> row = table.rows().getFirst();
        if (table.columns().size() == 1) {
            String name = reading.isEmpty() ? ColumnWords.phrase(table.columns().getFirst().name()) : reading;
            if (name.toLowerCase(Locale.ROOT).startsWith("the ")) name = name.substring(4);
            if (row.getFirst() == null) return "There is no value for the " + name + ".";
            return "The " + name + " is " + ValueFormatter.forColumn(table, 0).format(row.getFirst()) + ".";
        }
        String values = IntStream.range(0, table.columns().size())
                .mapToObj(index -> ColumnWords.phrase(table.columns().get(index).name()) + " " + ValueFormatter.forColumn(table, index).format(row.get(index)))
                .collect(Collectors.joining(", "));
        return reading.isEmpty() ? ColumnWords.capitalized(values) + "." : ColumnWords.capitalized(reading) + ": " + values + ".";
    }

    /** "Top 3 countries by total amount: ..." when one label and one measure come sorted by the measure. */
    private static Optional<String> ranking(ResultTable table, Columns columns) {
        if (columns.labels().size() != 1 || columns.measures().size() != 1 || columns.time().isPresent()) return Optional.empty();
        int measure = columns.measures().getFirst();
        List<Double> values = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            OptionalDouble value = ChartValues.number(row.get(measure));
            if (value.isEmpty()) return Optional.empty();
            values.add(value.getAsDouble());
        }
        boolean descending = IntStream.range(1, values.size()).allMatch(index -> values.get(index - 1) >= values.get(index));
        boolean ascending = IntStream.range(1, values.size()).allMatch(index -> values.get(index - 1) <= values.get(index));
        if (descending == ascending) return Optional.empty(); // unsorted, or all equal: no ranking to speak of
        String labelName = table.columns().get(columns.labels().getFirst()).name();
        return Optional.of((descending ? "Top " : "Bottom ") + table.rows().size() + " " + ColumnWords.plural(labelName) + " by "
                + ColumnWords.phrase(table.columns().get(measure).name()) + ": " + items(table, columns, table.rows().size()) + ".");
    }

    private static String items(ResultTable table, Columns columns, int count) {
        List<ValueFormatter> formats = IntStream.range(0, table.columns().size()).mapToObj(index -> ValueFormatter.forColumn(table, index)).toList();
        List<String> items = table.rows().stream().limit(count).map(row -> item(table, columns, row, formats)).toList();
        // items that hold commas of their own are told apart by semicolons
        boolean simple = items.stream().noneMatch(item -> item.replaceAll("\\d,\\d", "").contains(","));
        return String.join(simple ? ", " : "; ", items);
    }

    /** "France (12,000)", "France (total 12,000, count 4)", "total 12,000, count 4", or "France". */
    private static String item(ResultTable table, Columns columns, List<Object> row, List<ValueFormatter> formats) {
        String labels = columns.labels().stream().map(index -> formats.get(index).format(row.get(index))).collect(Collectors.joining(", "));
        List<Integer> measures = columns.measures();
        if (measures.isEmpty()) return labels;
        String values = measures.size() == 1 && !labels.isEmpty()
                ? formats.get(measures.getFirst()).format(row.get(measures.getFirst()))
                : measures.stream().map(index -> ColumnWords.phrase(table.columns().get(index).name()) + " " + formats.get(index).format(row.get(index)))
                .collect(Collectors.joining(", "));
        return labels.isEmpty() ? values : labels + " (" + values + ")";
    }

    private static String labelled(ResultTable table, Columns columns, List<Object> row, int measure, ValueFormatter format) {
        String labels = labels(table, columns, row);
        return labels.isEmpty() ? format.format(row.get(measure)) : labels + " (" + format.format(row.get(measure)) + ")";
    }

    private static String labels(ResultTable table, Columns columns, List<Object> row) {
        return columns.labels().stream().map(index -> ValueFormatter.forColumn(table, index).format(row.get(index))).collect(Collectors.joining(", "));
    }

    /** Label columns (times, categories, keys: what a row is about) and measures (what is counted). */
    private record Columns(List<Integer> labels, List<Integer> measures, Optional<Integer> time) {
        static Columns of(ResultTable table) {
            List<Integer> labels = new ArrayList<>();
            List<Integer> measures = new ArrayList<>();
            List<Integer> times = new ArrayList<>();
            for (int index = 0; index < table.columns().size(); index++) {
                switch (ColumnRole.of(table, index)) {
                    case MEASURE -> measures.add(index);
                    case TIME -> {
                        times.add(index);
                        labels.add(index);
                    }
                    default -> labels.add(index);
                }
            }
            return new Columns(List.copyOf(labels), List.copyOf(measures), times.size() == 1 ? Optional.of(times.getFirst()) : Optional.empty());
        }

        String defaultReading(ResultTable table) {
            String measured = measures.stream().map(index -> ColumnWords.phrase(table.columns().get(index).name())).collect(Collectors.joining(" and "));
            String by = labels.stream().map(index -> ColumnWords.phrase(table.columns().get(index).name())).collect(Collectors.joining(" and "));
            if (measured.isEmpty()) return by;
            return by.isEmpty() ? measured : measured + " by " + by;
        }
    }
}
