package dev.tarn.ingest;

import dev.tarn.engine.SqlQuoting;

import java.util.stream.Collectors;

/**
 * The DuckDB table function that reads a staged file: read_csv, read_json or read_parquet with the
 * options that keep it strict. Column types are either detected by DuckDB or pinned (to an existing
 * table's types, so that a text column of '007' or '1.50' is not detected as a number and rewritten).
 */
record FileScan(StagedFile file) {

    /** The reader with every column type detected by DuckDB. */
    String detected() {
        return reader("");
    }

    /** The reader with the file's columns read as the types given (Parquet carries its own types and ignores them). */
    String pinned(ColumnSet types) {
        if (types.columns().isEmpty()) {
            return detected();
        }
        String struct = types.columns().stream()
                .map(column -> SqlQuoting.literal(column.name()) + ": " + SqlQuoting.literal(column.type()))
                .collect(Collectors.joining(", ", "{", "}"));
        return switch (file.format()) {
            case CSV -> reader(", types = " + struct);
            case JSON_ARRAY, JSON_OBJECTS -> reader(", columns = " + struct);
            case PARQUET -> detected();
        };
    }

    private String reader(String typeOption) {
        String path = SqlQuoting.literal(file.path().toString());
        String compression = SqlQuoting.literal(file.gzipCompressed() ? "gzip" : "none");
        return switch (file.format()) {
            case CSV -> "read_csv(" + path + ", header = true, skip = 0, delim = " + SqlQuoting.literal(String.valueOf(file.csvDialect().delimiter()))
                    + ", quote = '\"', escape = '\"', strict_mode = true, compression = " + compression + typeOption + ")";
            // 'auto' rather than 'newline_delimited' also takes a single pretty-printed object
            case JSON_OBJECTS -> "read_json(" + path + ", format = 'auto', records = true, compression = " + compression + typeOption + ")";
            case JSON_ARRAY -> "read_json(" + path + ", format = 'array', records = true, compression = " + compression + typeOption + ")";
            case PARQUET -> "read_parquet(" + path + ")";
        };
    }
}
