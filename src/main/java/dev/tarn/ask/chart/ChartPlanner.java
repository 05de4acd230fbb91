package dev.tarn.ask.chart;

import dev.tarn.ask.ResultTable;

/** PLACEHOLDER until ask-charts is merged. */
public final class ChartPlanner {
    public Chart plan(ResultTable table, String title) {
        throw new UnsupportedOperationException();
    }
}
