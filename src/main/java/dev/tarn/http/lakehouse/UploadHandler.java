package dev.tarn.http.lakehouse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.auth.Principal;
import dev.tarn.engine.TableName;
import dev.tarn.ingest.UploadMode;
import dev.tarn.ingest.UploadRequest;
import dev.tarn.ingest.UploadResult;
import dev.tarn.ingest.UploadService;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * POST /upload and POST /upsert: a whole file in the body, streamed to disk and loaded in one
 * transaction. Both paths take the union of their parameters (catalog, schema, table, mode,
 * primary_key, cursor_field and the legacy format hint) and differ only in the default mode:
 * append for /upload, upsert for /upsert. Parameters they do not know are ignored.
 */
public final class UploadHandler {
    private final UploadService uploads;

    public UploadHandler(UploadService uploads) {
        this.uploads = uploads;
    }

    void upload(Context context, Principal principal) throws IOException {
        load(context, principal, UploadMode.APPEND);
    }

    void upsert(Context context, Principal principal) throws IOException {
        load(context, principal, UploadMode.UPSERT);
    }

    private void load(Context context, Principal principal, UploadMode defaultMode) throws IOException {
        UploadRequest request = new UploadRequest(
                TableName.of(parameter(context, "catalog").orElse(""), parameter(context, "schema").orElse(""),
                        parameter(context, "table").orElse("")),
                parameter(context, "mode").map(UploadMode::parse).orElse(defaultMode),
                Optional.ofNullable(context.header("Content-Type")),
                parameter(context, "format"),
                columnList(context, "primary_key"),
                columnList(context, "cursor_field"));
        UploadResult result;
        try (InputStream body = new BodyOnFirstRead(context)) {
            result = uploads.upload(principal, request, body);
        }
        // exactly 200 with a small JSON body: dlt wants 200, the Rust SDK decodes task_id and status, the rest ignore it
        ObjectNode answer = JsonNodeFactory.instance.objectNode()
                .put("ok", true)
                .put("task_id", result.taskId().toString())
                .put("status", "completed")
                .put("table", result.table().toString())
                .put("mode", result.mode().wireName())
                .put("rows", result.rows());
        context.status(200).contentType("application/json").result(answer.toString());
    }

    /** A query parameter (Jetty has decoded %xx and '+'), absent when missing or blank. */
    private static Optional<String> parameter(Context context, String name) {
        return Optional.ofNullable(context.queryParam(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    /** A comma-separated list of column names, e.g. primary_key=id,region. */
    private static List<String> columnList(Context context, String name) {
        return parameter(context, name)
                .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(part -> !part.isEmpty()).toList())
                .orElse(List.of());
    }

    /**
     * The request body, opened only when first read: Jetty answers "100 Continue" as soon as the
     * body stream is opened, and an upload refused before it reads anything (the table to create
     * exists) must be answered without inviting the client to send a large file first.
     */
    private static final class BodyOnFirstRead extends InputStream {
        private final Context context;
        private InputStream body;

        BodyOnFirstRead(Context context) {
            this.context = context;
        }

        @Override
        public int read() throws IOException {
            return body().read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            return body().read(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (body != null) {
                body.close();
            }
        }

        private InputStream body() throws IOException {
            if (body == null) {
                body = context.req().getInputStream();
            }
            return body;
        }
    }
}
