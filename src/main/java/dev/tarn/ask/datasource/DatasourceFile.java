package dev.tarn.ask.datasource;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One uploaded file of a datasource.
 *
 * @param tables the tables it became (one per sheet of a workbook; none for a whole database file)
 */
public record DatasourceFile(String id, String filename, long size, List<String> tables, Instant createdAt) {
    public DatasourceFile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filename, "filename");
        tables = List.copyOf(tables);
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
