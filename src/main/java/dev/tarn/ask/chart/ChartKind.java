package dev.tarn.ask.chart;

/** The kinds of chart an answer can come with; {@link #TABLE} means no chart, only the rows. */
public enum ChartKind {
    /** One value, shown as a big number. */
    NUMBER,
    /** Measures over time, one line per measure or per category, sorted by time. */
    LINE,
    /** Measures per category, horizontal bars; several measures (or a second category) give grouped bars. */
    BAR,
    /** Two measures against each other, one point per row. */
    SCATTER,
    /** No chart fits the rows; the reason says why. */
    TABLE
}
