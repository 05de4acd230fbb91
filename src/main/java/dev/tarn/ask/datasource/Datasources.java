package dev.tarn.ask.datasource;

import dev.tarn.ask.ResultTable;

import java.util.List;

/** PLACEHOLDER until branch ask-sources is merged. */
public final class Datasources {
    public QuestionContext questionContext(String id) {
        throw new UnsupportedOperationException();
    }

    public ResultTable run(String id, String sql, List<Object> parameters, int maxRows) {
        throw new UnsupportedOperationException();
    }
}
