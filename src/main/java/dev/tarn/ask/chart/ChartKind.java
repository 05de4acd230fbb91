package dev.tarn.ask.chart;

/** PLACEHOLDER until ask-charts is merged. */
public enum ChartKind { NUMBER, LINE, BAR, SCATTER, TABLE }
