package dev.tarn.ask.chart;

/** PLACEHOLDER until ask-charts is merged. */
public record Chart(ChartKind kind, com.fasterxml.jackson.databind.node.ObjectNode vegaLite, String svg, String title) {
}
