package dev.tarn.ask.chart;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * The chart an answer comes with: a Vega-Lite v5 spec for a front end, the same chart as SVG for a
 * back end without one, a title, and why this kind was chosen (for {@link ChartKind#TABLE}: why no chart fits).
 *
 * @param vegaLite a complete Vega-Lite v5 spec with inline data; empty for {@link ChartKind#TABLE}
 * @param svg      a standalone SVG document of the same chart; empty for {@link ChartKind#TABLE}
 */
public record Chart(ChartKind kind, ObjectNode vegaLite, String svg, String title, String reason) {
    public Chart {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(vegaLite, "vegaLite");
        Objects.requireNonNull(svg, "svg");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether there is something to draw; a {@link ChartKind#TABLE} answer is shown as its rows. */
    public boolean hasChart() {
        return kind != ChartKind.TABLE;
    }
}
