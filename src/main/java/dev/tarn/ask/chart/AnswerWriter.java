package dev.tarn.ask.chart;

import dev.tarn.ask.ResultTable;

import java.util.List;

/** PLACEHOLDER until ask-charts is merged. */
public final class AnswerWriter {
    public String sentence(String interpretation, ResultTable table) {
        throw new UnsupportedOperationException();
    }

    public List<String> insights(ResultTable table) {
        throw new UnsupportedOperationException();
    }
}
