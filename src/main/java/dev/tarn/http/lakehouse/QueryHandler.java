package dev.tarn.http.lakehouse;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tarn.auth.Principal;
import dev.tarn.config.TarnConfig;
import dev.tarn.engine.Column;
import dev.tarn.engine.CsvLines;
import dev.tarn.engine.RowCursor;
import dev.tarn.error.TarnException;
import dev.tarn.http.JsonBody;
import dev.tarn.http.JsonLines;
import dev.tarn.query.QueryExecution;
import dev.tarn.query.QueryFormat;
import dev.tarn.query.QueryRequest;
import dev.tarn.query.QueryService;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * POST /query: runs SQL and streams the result as it is produced. In the default format the body is
 * a metadata line, a column line and one JSON array per row; an SQL error after the metadata is an
 * {"error": …} line, because the status line has already gone out.
 */
public final class QueryHandler {
    private static final Logger LOG = LoggerFactory.getLogger(QueryHandler.class);

    private final QueryService queries;
    private final TarnConfig.QuerySettings settings;

    public QueryHandler(QueryService queries, TarnConfig.QuerySettings settings) {
        this.queries = queries;
        this.settings = settings;
    }

    void run(Context context, Principal principal) throws IOException {
        QueryRequest request = QueryRequests.read(JsonBody.read(context, settings.maxBodyBytes()), context);
        QueryExecution execution = queries.start(principal, request);
        Optional<String> streamError = Optional.empty();
        try {
            streamError = switch (request.format()) {
                case DEFAULT -> streamEnvelope(context, execution);
                case JSONL, CSV -> {
                    execution.open();
                    yield streamPlain(context, execution, request.format());
                }
                case PARQUET -> {
                    execution.open();
                    yield sendParquet(context, execution);
                }
            };
        } finally {
            execution.finish(streamError);
        }
    }

    private Optional<String> streamEnvelope(Context context, QueryExecution execution) throws IOException {
        context.status(200).contentType("application/x-ndjson");
        OutputStream output = context.res().getOutputStream();
        try (JsonLines lines = new JsonLines(output)) {
            lines.line(generator -> metadata(generator, execution));
            // status, headers and metadata go out before the statements run: clients wait at most
            // 60 s for headers, and an aggregation over a large table can take longer than that
            lines.flush();
            execution.open();
            if (execution.failure().isPresent()) {
                lines.line(generator -> error(generator, execution.failure().get().getMessage()));
                return Optional.empty();
            }
            lines.line(generator -> columns(generator, execution));
            lines.flush();
            RowCursor cursor = execution.cursor().orElseThrow();
            try {
                cursor.writeRows(lines::write);
            } catch (TarnException e) {
                lines.line(generator -> error(generator, e.getMessage()));
                return Optional.of(e.getMessage());
            }
            return Optional.empty();
        } catch (IOException e) {
            LOG.info("event=client_disconnected query_id={}", execution.queryId());
            return Optional.of("The client disconnected before the result was read");
        }
    }

    private Optional<String> streamPlain(Context context, QueryExecution execution, QueryFormat format) throws IOException {
        if (execution.failure().isPresent()) {
            throw execution.failure().get();
        }
        RowCursor cursor = execution.cursor().orElseThrow();
        boolean csv = format == QueryFormat.CSV;
        context.status(200).contentType(csv ? "text/csv" : "application/x-ndjson");
        try (JsonLines lines = new JsonLines(context.res().getOutputStream())) {
            if (csv) {
                byte[] header = CsvLines.header(cursor.columns());
                lines.write(header, 0, header.length);
            }
            try {
                cursor.writeRows(lines::write);
            } catch (TarnException e) {
                // the status has gone out; the body ends short and the log keeps the reason
                return Optional.of(e.getMessage());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("The client disconnected before the result was read");
        }
    }

    private Optional<String> sendParquet(Context context, QueryExecution execution) throws IOException {
        if (execution.failure().isPresent()) {
            throw execution.failure().get();
        }
        var file = execution.parquetFile().orElseThrow();
        context.status(200).contentType("application/parquet");
        context.res().setContentLengthLong(Files.size(file));
        try (OutputStream output = context.res().getOutputStream()) {
            Files.copy(file, output);
        } catch (IOException e) {
            return Optional.of("The client disconnected before the result was read");
        }
        return Optional.empty();
    }

    private void metadata(JsonGenerator generator, QueryExecution execution) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("statement", execution.statement());
        writeOptional(generator, "rows_limit", execution.limit());
        writeOptional(generator, "rows_offset", execution.offset());
        generator.writeNumberField("init_time_ms", execution.initMillis());
        generator.writeObjectFieldStart("connections_errors");
        generator.writeEndObject();
        generator.writeStringField("session_id", execution.sessionId());
        generator.writeStringField("query_id", execution.queryId());
        generator.writeStringField("worker_slug", settings.workerSlug());
        generator.writeEndObject();
    }

    private void columns(JsonGenerator generator, QueryExecution execution) throws IOException {
        generator.writeStartArray();
        for (Column column : execution.columns()) {
            if (settings.typedColumns()) {
                generator.writeStartObject();
                generator.writeStringField("name", column.name());
                generator.writeStringField("type", column.type());
                generator.writeEndObject();
            } else {
                generator.writeString(column.name());
            }
        }
        generator.writeEndArray();
    }

    private static void error(JsonGenerator generator, String message) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("error", message);
        generator.writeEndObject();
    }

    private static void writeOptional(JsonGenerator generator, String field, OptionalLong value) throws IOException {
        if (value.isPresent()) {
            generator.writeNumberField(field, value.getAsLong());
        } else {
            generator.writeNullField(field);
        }
    }
}
