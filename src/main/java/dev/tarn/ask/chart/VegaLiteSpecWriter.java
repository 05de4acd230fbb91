package dev.tarn.ask.chart;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.ask.ResultTable;
import dev.tarn.ask.chart.ChartPlan.NoChart;
import dev.tarn.ask.chart.ChartPlan.NumberPlan;
import dev.tarn.ask.chart.ChartPlan.ScatterPlan;
import dev.tarn.ask.chart.ChartPlan.SeriesPlan;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Writes a plan as a complete Vega-Lite v5 spec with the rows inline. Data fields keep the column
 * names (made unique, and escaped where Vega-Lite would read a dot or bracket as a nested field).
 * Several measures are folded into one {@code measure}/{@code value} pair so each gets its own colour.
 * A NUMBER is a text mark showing the same formatted value as the answer sentence and the SVG.
 */
final class VegaLiteSpecWriter {
    static final String SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
    static final int WIDTH = 640;
    static final int HEIGHT = 400;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    ObjectNode write(ChartPlan plan) {
        return switch (plan) {
            case NumberPlan number -> number(number);
            case SeriesPlan series -> series(series);
            case ScatterPlan scatter -> scatter(scatter);
            case NoChart ignored -> JSON.objectNode();
        };
    }

    private static ObjectNode number(NumberPlan plan) {
        List<String> fields = fieldNames(plan.table());
        String formattedField = unused(fields, "formatted");
        ObjectNode spec = start(plan, plan.table(), fields, 200);
        ((ObjectNode) spec.get("data").get("values").get(0)).put(formattedField, plan.formatted());
        spec.putObject("mark").put("type", "text").put("fontSize", 64).put("fontWeight", "bold").put("tooltip", true);
        ObjectNode encoding = spec.putObject("encoding");
        encoding.putObject("text").put("field", escaped(formattedField)).put("type", "nominal")
                .put("title", plan.table().columns().get(plan.measure()).name());
        return spec;
    }

    private static ObjectNode series(SeriesPlan plan) {
        ResultTable table = plan.table();
        List<String> fields = fieldNames(table);
        ObjectNode spec = start(plan, table, fields, HEIGHT);
        boolean line = plan.kind() == ChartKind.LINE;
        ObjectNode mark = spec.putObject("mark").put("type", line ? "line" : "bar").put("tooltip", true);
        if (line) mark.put("point", true);

        String valueField;
        String valueTitle;
        ObjectNode color = null;
        String colorField = null;
        if (plan.measures().size() > 1) {
            String measureField = unused(fields, "measure");
            valueField = unused(fields, "value");
            ObjectNode foldTransform = spec.putArray("transform").addObject();
            ArrayNode fold = foldTransform.putArray("fold");
            plan.measures().forEach(index -> fold.add(escaped(fields.get(index))));
            foldTransform.putArray("as").add(measureField).add(valueField);
            valueTitle = "value";
            colorField = measureField;
            color = JSON.objectNode().put("field", escaped(measureField)).put("type", "nominal").put("title", "measure");
        } else {
            valueField = fields.get(plan.measures().getFirst());
            valueTitle = table.columns().get(plan.measures().getFirst()).name();
            if (plan.seriesColumn().isPresent()) {
                int seriesIndex = plan.seriesColumn().get();
                colorField = fields.get(seriesIndex);
                color = JSON.objectNode().put("field", escaped(colorField)).put("type", "nominal")
                        .put("title", table.columns().get(seriesIndex).name());
            }
        }
        ObjectNode encoding = spec.putObject("encoding");
        String axisField = escaped(fields.get(plan.axis()));
        String axisTitle = table.columns().get(plan.axis()).name();
        ObjectNode value = JSON.objectNode().put("field", escaped(valueField)).put("type", "quantitative").put("title", valueTitle);
        if (line) {
            ObjectNode x = encoding.putObject("x").put("field", axisField).put("type", "temporal").put("title", axisTitle);
            // times are written as UTC instants; a UTC scale shows them as the database holds them
            x.putObject("scale").put("type", "utc");
            encoding.set("y", value);
        } else {
            // horizontal bars, categories in the query's order (its ORDER BY is the ranking asked for)
            encoding.putObject("y").put("field", axisField).put("type", "nominal").put("title", axisTitle).putNull("sort");
            encoding.set("x", value);
            if (color != null) encoding.putObject("yOffset").put("field", escaped(colorField));
        }
        if (color != null) encoding.set("color", color);
        return spec;
    }

    private static ObjectNode scatter(ScatterPlan plan) {
        ResultTable table = plan.table();
        List<String> fields = fieldNames(table);
        ObjectNode spec = start(plan, table, fields, HEIGHT);
        spec.putObject("mark").put("type", "point").put("filled", true).put("tooltip", true);
        ObjectNode encoding = spec.putObject("encoding");
        for (String channel : List.of("x", "y")) {
            int index = channel.equals("x") ? plan.horizontal() : plan.vertical();
            ObjectNode axis = encoding.putObject(channel).put("field", escaped(fields.get(index))).put("type", "quantitative")
                    .put("title", table.columns().get(index).name());
            axis.putObject("scale").put("zero", false);
        }
        return spec;
    }

    private static ObjectNode start(ChartPlan plan, ResultTable table, List<String> fields, int height) {
        ObjectNode spec = JSON.objectNode();
        spec.put("$schema", SCHEMA);
        spec.put("title", plan.title());
        spec.put("description", plan.reason());
        spec.put("width", WIDTH);
        spec.put("height", height);
        List<Integer> drawable = IntStream.range(0, fields.size()).filter(index -> ColumnRole.of(table, index) != ColumnRole.UNDRAWABLE).boxed().toList();
        ArrayNode values = spec.putObject("data").putArray("values");
        for (List<Object> row : table.rows()) {
            ObjectNode datum = values.addObject();
            for (int index : drawable) datum.set(fields.get(index), ChartValues.json(row.get(index)));
        }
        return spec;
    }

    /** Column names as data fields, unique: a second {@code total} becomes {@code total_2}. */
    static List<String> fieldNames(ResultTable table) {
        Set<String> used = new HashSet<>();
        List<String> fields = new ArrayList<>();
        for (ResultTable.Column column : table.columns()) {
            String name = column.name().isEmpty() ? "column" : column.name();
            String candidate = name;
            for (int suffix = 2; !used.add(candidate); suffix++) candidate = name + "_" + suffix;
            fields.add(candidate);
        }
        return fields;
    }

    private static String unused(List<String> fields, String wanted) {
        String candidate = wanted;
        for (int suffix = 2; fields.contains(candidate); suffix++) candidate = wanted + "_" + suffix;
        return candidate;
    }

    /** Vega-Lite reads {@code a.b} and {@code a[0]} as nested access; a column named so is escaped to stay one field. */
    static String escaped(String field) {
        return field.replace("\\", "\\\\").replace(".", "\\.").replace("[", "\\[").replace("]", "\\]");
    }
}
