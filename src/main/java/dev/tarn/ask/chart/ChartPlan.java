package dev.tarn.ask.chart;

import dev.tarn.ask.ResultTable;

import java.util.List;
import java.util.Optional;

/**
 * What the planner decided to draw, before it becomes Vega-Lite or SVG; both writers read the same
 * plan, so the front end's chart and the server's SVG show the same kind, rows and titles. The
 * table in a plan holds only the rows to draw, in drawing order.
 */
sealed interface ChartPlan {
    String title();

    String reason();

    /** One value. {@code label} names what it is about (other columns of the row), possibly empty. */
    record NumberPlan(String title, String reason, ResultTable table, int measure, String formatted, String label) implements ChartPlan {
    }

    /**
     * A line over time or bars per category. Series are the measures, or, when {@code seriesColumn}
     * is present, the values of that column for the only measure.
     */
    record SeriesPlan(ChartKind kind, String title, String reason, ResultTable table, int axis, List<Integer> measures,
                      Optional<Integer> seriesColumn) implements ChartPlan {
        public SeriesPlan {
            measures = List.copyOf(measures);
        }

        boolean hasSeveralSeries() {
            return measures.size() > 1 || seriesColumn.isPresent();
        }
    }

    record ScatterPlan(String title, String reason, ResultTable table, int horizontal, int vertical) implements ChartPlan {
    }

    record NoChart(String title, String reason) implements ChartPlan {
    }
}
