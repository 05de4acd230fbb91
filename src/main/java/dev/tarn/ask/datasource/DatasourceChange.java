package dev.tarn.ask.datasource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A partial update of a datasource ({@code PATCH /datasources/{id}}): only the present parts change. */
public record DatasourceChange(Optional<String> name, Optional<String> description, Optional<Map<String, Object>> accessConfig,
                               Optional<List<String>> sampleQuestions) {
}
