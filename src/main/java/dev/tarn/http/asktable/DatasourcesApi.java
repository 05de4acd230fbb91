package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.ask.datasource.Datasource;
import dev.tarn.ask.datasource.DatasourceChange;
import dev.tarn.ask.datasource.DatasourceFile;
import dev.tarn.ask.datasource.DatasourceMeta;
import dev.tarn.ask.datasource.Datasources;
import dev.tarn.ask.datasource.IdentifiableType;
import dev.tarn.ask.datasource.MetaAnnotation;
import dev.tarn.ask.datasource.MetaJson;
import dev.tarn.ask.datasource.ValueIndexInfo;
import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.keys.AskPermission;
import dev.tarn.engine.external.ConnectionCheck;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.http.JsonBody;
import dev.tarn.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The AskTable datasource endpoints (contract sections 1.4 to 1.6): datasources, their files,
 * connection tests, metadata and value indexes. Creating a datasource and uploading its files is
 * open to askers; everything else needs an admin key. A datasource of another project is a 404.
 */
public final class DatasourcesApi {
    private static final long MAXIMUM_BODY_BYTES = 4L * 1024 * 1024;
    private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";
    /** Parts above this size spool to disk; an upload never sits whole in memory. */
    private static final int SPOOL_THRESHOLD_BYTES = 64 * 1024;

    private final AskTableRoutes routes;
    private final Datasources datasources;
    private final Path spoolDirectory;
    private final long maximumFileBytes;

    public DatasourcesApi(AskTableRoutes routes, Datasources datasources, Path spoolDirectory, long maximumFileBytes) {
        this.routes = routes;
        this.datasources = datasources;
        this.spoolDirectory = spoolDirectory;
        this.maximumFileBytes = maximumFileBytes;
    }

    public List<Route> routes() {
        List<Route> all = new ArrayList<>();
        all.addAll(routes.authenticated(HandlerType.POST, "/datasources", this::create));
        all.addAll(routes.authenticated(HandlerType.GET, "/datasources", this::list));
        all.addAll(routes.authenticated(HandlerType.POST, "/datasources/test-connection", this::testUnsaved));
        all.addAll(routes.authenticated(HandlerType.GET, "/datasources/{id}", this::getOne));
        all.addAll(routes.authenticated(HandlerType.PATCH, "/datasources/{id}", this::update));
        all.addAll(routes.authenticated(HandlerType.DELETE, "/datasources/{id}", this::delete));
        all.addAll(routes.authenticated(HandlerType.POST, "/datasources/{id}/files", this::upload));
        all.addAll(routes.authenticated(HandlerType.DELETE, "/datasources/{id}/files/{file_id}", this::deleteFile));
        all.addAll(routes.authenticated(HandlerType.POST, "/datasources/{id}/test-connection", this::testSaved));
        all.addAll(routes.authenticated(HandlerType.GET, "/datasources/{id}/runtime-meta", this::runtimeMeta));
        all.addAll(routes.authenticated(HandlerType.POST, "/datasources/{id}/meta", (context, caller) -> sync(context, caller, false)));
        all.addAll(routes.authenticated(HandlerType.PUT, "/datasources/{id}/meta", (context, caller) -> sync(context, caller, true)));
        all.addAll(routes.authenticated(HandlerType.GET, "/datasources/{id}/meta", this::meta));
        all.addAll(routes.authenticated(HandlerType.PATCH, "/datasources/{id}/meta", this::annotate));
        all.addAll(routes.authenticated(HandlerType.PATCH, "/datasources/{id}/field", this::updateField));
        all.addAll(routes.authenticated(HandlerType.POST, "/datasources/{id}/indexes", this::createIndex));
        all.addAll(routes.authenticated(HandlerType.GET, "/datasources/{id}/indexes", this::indexes));
        all.addAll(routes.authenticated(HandlerType.DELETE, "/datasources/{id}/indexes/{index_id}", this::deleteIndex));
        return all;
    }

    private void create(Context context, AskCaller caller) {
        caller.require(AskPermission.CREATE_DATASOURCE);
        ObjectNode body = body(context);
        String engine = text(body, "engine").orElseThrow(() -> new TarnException(ErrorCode.INVALID_FIELD,
                "The body needs 'engine' (postgresql, mysql, sqlite, duckdb, excel, csv, parquet or tarn)"));
        if (engine.trim().equalsIgnoreCase("tarn")) {
            // this server's own catalogs are not an asker's to open up to questions
            caller.require(AskPermission.MANAGE_DATASOURCES);
        }
        Datasource datasource = datasources.create(caller.projectId(), engine, text(body, "name"), text(body, "desc"), accessFields(body));
        json(context, datasourceJson(datasource, true));
    }

    private void list(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        AskTablePage.write(context, datasources.list(caller.projectId(), Optional.ofNullable(context.queryParam("name"))),
                datasource -> datasourceJson(datasource, false));
    }

    private void getOne(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        json(context, datasourceJson(owned(context, caller), true));
    }

    private void update(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        Datasource datasource = owned(context, caller);
        ObjectNode body = body(context);
        Optional<List<String>> sampleQuestions = Optional.ofNullable(body.get("sample_questions")).filter(node -> !node.isNull()).map(node -> {
            if (!node.isArray()) {
                throw new TarnException(ErrorCode.INVALID_FIELD, "sample_questions must be a list of texts");
            }
            List<String> questions = new ArrayList<>();
            node.forEach(question -> {
                if (!question.isTextual()) {
                    throw new TarnException(ErrorCode.INVALID_FIELD, "sample_questions must be a list of texts, not " + question.getNodeType().name().toLowerCase(Locale.ROOT) + "s");
                }
                questions.add(question.asText());
            });
            return questions;
        });
        Optional<Map<String, Object>> access = body.has("access_config") && !body.get("access_config").isNull()
                ? Optional.of(accessFields(body)) : Optional.empty();
        Datasource changed = datasources.update(datasource.id(), new DatasourceChange(text(body, "name"), text(body, "desc"), access, sampleQuestions));
        json(context, datasourceJson(changed, true));
    }

    private void delete(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        Datasource datasource = owned(context, caller);
        datasources.delete(datasource.id());
        json(context, JsonBody.MAPPER.createObjectNode().put("id", datasource.id()).put("deleted", true));
    }

    private void upload(Context context, AskCaller caller) throws IOException {
        caller.require(AskPermission.CREATE_DATASOURCE);
        Datasource datasource = owned(context, caller);
        String type = String.valueOf(context.header("Content-Type")).toLowerCase(Locale.ROOT);
        if (!type.startsWith("multipart/form-data")) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "Upload the file as multipart/form-data with a part named 'file'");
        }
        java.nio.file.Files.createDirectories(spoolDirectory);
        context.req().setAttribute(MULTIPART_CONFIG, new MultipartConfigElement(spoolDirectory.toString(), maximumFileBytes,
                maximumFileBytes + 1024 * 1024, SPOOL_THRESHOLD_BYTES));
        Part part;
        try {
            part = context.req().getPart("file");
        } catch (Exception e) {
            // the rest of a refused body is never read: the connection cannot carry another request
            context.header("Connection", "close");
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("max file size") || message.contains("exceeded") || message.contains("too large")) {
                    throw new TarnException(ErrorCode.FILE_TOO_LARGE, "The file is larger than " + maximumFileBytes
                            + " bytes, the limit of one upload (ask.datasource_max_file_bytes)");
                }
            }
            throw new TarnException(ErrorCode.DATASOURCE_FILE_INVALID, "The multipart body could not be read: " + e.getMessage());
        }
        if (part == null || part.getSubmittedFileName() == null) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "The multipart body needs a file part named 'file'");
        }
        DatasourceFile file;
        try (InputStream content = part.getInputStream()) {
            file = datasources.addFile(datasource.id(), part.getSubmittedFileName(), content);
        } finally {
            part.delete();
        }
        ObjectNode node = fileJson(file);
        node.put("datasource_id", datasource.id());
        json(context, node);
    }

    private void deleteFile(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        Datasource datasource = owned(context, caller);
        datasources.deleteFile(datasource.id(), context.pathParam("file_id"));
        json(context, JsonBody.MAPPER.createObjectNode().put("id", context.pathParam("file_id")).put("deleted", true));
    }

    private void testUnsaved(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        ObjectNode body = body(context);
        String engine = text(body, "engine").orElseThrow(() -> new TarnException(ErrorCode.INVALID_FIELD, "The body needs 'engine'"));
        json(context, checkJson(datasources.testConnection(engine, accessFields(body))));
    }

    private void testSaved(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        json(context, checkJson(datasources.testConnection(owned(context, caller).id())));
    }

    private void runtimeMeta(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        ObjectNode root = JsonBody.MAPPER.createObjectNode();
        ObjectNode schemas = root.putObject("schemas");
        datasources.runtimeMeta(owned(context, caller).id()).forEach((schema, tables) -> {
            ArrayNode list = schemas.putArray(schema);
            tables.forEach(table -> list.addObject().put("name", table.getKey()).put("type", table.getValue()));
        });
        json(context, root);
    }

    private void sync(Context context, AskCaller caller, boolean incremental) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        Datasource datasource = owned(context, caller);
        ObjectNode body = body(context);
        // an uploaded meta document's descriptions win over the database's comments (contract 1.5)
        Optional<MetaAnnotation> uploaded = Optional.ofNullable(body.get("meta")).filter(node -> !node.isNull()).map(node -> {
            if (!node.path("schemas").isObject()) {
                throw new TarnException(ErrorCode.INVALID_FIELD, "meta must be a Meta document {\"schemas\": {schema: {tables: {table: {fields: …}}}}}");
            }
            return annotation(node.path("schemas"));
        });
        Optional<Map<String, List<String>>> selected = Optional.ofNullable(body.get("selected_tables")).filter(node -> !node.isNull()).map(node -> {
            if (!node.isObject()) {
                throw new TarnException(ErrorCode.INVALID_FIELD, "selected_tables must be an object {schema: [table, …]}");
            }
            Map<String, List<String>> tables = new LinkedHashMap<>();
            node.properties().forEach(entry -> {
                if (!entry.getValue().isArray()) {
                    throw new TarnException(ErrorCode.INVALID_FIELD, "selected_tables." + entry.getKey() + " must be a list of table names");
                }
                List<String> names = new ArrayList<>();
                entry.getValue().forEach(name -> names.add(name.asText()));
                tables.put(entry.getKey(), names);
            });
            return tables;
        });
        DatasourceMeta meta = datasources.syncMeta(datasource.id(), selected, incremental);
        if (uploaded.isPresent()) {
            meta = datasources.annotate(datasource.id(), uploaded.get());
        }
        json(context, MetaJson.write(datasource.id(), meta));
    }

    private void meta(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        Datasource datasource = owned(context, caller);
        json(context, MetaJson.write(datasource.id(), datasources.meta(datasource.id())));
    }

    private void annotate(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        Datasource datasource = owned(context, caller);
        ObjectNode body = body(context);
        JsonNode schemas = body.path("schemas");
        if (!schemas.isObject()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "The body must be {\"schemas\": {schema: {desc?, tables: {table: {desc?, fields: {field: \"text\"}}}}}}");
        }
        json(context, MetaJson.write(datasource.id(), datasources.annotate(datasource.id(), annotation(schemas))));
    }

    /**
     * Descriptions from {@code {schema: {desc?, tables: {table: {desc?, fields: {field: text | {curr_desc}}}}}}}: the
     * annotate body's plain texts, or the objects of an uploaded Meta document ({@code curr_desc}, else {@code desc},
     * else {@code origin_desc}).
     */
    private static MetaAnnotation annotation(JsonNode schemas) {
        Map<String, MetaAnnotation.SchemaNote> notes = new LinkedHashMap<>();
        schemas.properties().forEach(schema -> {
            Map<String, MetaAnnotation.TableNote> tables = new LinkedHashMap<>();
            schema.getValue().path("tables").properties().forEach(table -> {
                Map<String, String> fields = new LinkedHashMap<>();
                table.getValue().path("fields").properties().forEach(field -> {
                    JsonNode value = field.getValue();
                    if (value.isTextual()) {
                        fields.put(field.getKey(), value.asText());
                    } else if (value.isObject()) {
                        description(value).ifPresent(text -> fields.put(field.getKey(), text));
                    } else {
                        throw new TarnException(ErrorCode.INVALID_FIELD, "The description of field " + field.getKey() + " must be text");
                    }
                });
                tables.put(table.getKey(), new MetaAnnotation.TableNote(description(table.getValue()), fields));
            });
            notes.put(schema.getKey(), new MetaAnnotation.SchemaNote(description(schema.getValue()), tables));
        });
        return new MetaAnnotation(notes);
    }

    private void updateField(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        Datasource datasource = owned(context, caller);
        String schema = requiredQuery(context, "schema_name");
        String table = requiredQuery(context, "table_name");
        String field = requiredQuery(context, "field_name");
        ObjectNode body = body(context);
        Optional<Boolean> visibility = Optional.ofNullable(body.get("visibility")).filter(node -> !node.isNull()).map(node -> {
            if (!node.isBoolean()) {
                throw new TarnException(ErrorCode.INVALID_FIELD, "visibility must be true or false");
            }
            return node.asBoolean();
        });
        Optional<IdentifiableType> identifiable = text(body, "identifiable_type").map(IdentifiableType::parse);
        DatasourceMeta.Field changed = datasources.updateField(datasource.id(), schema, table, field, visibility, identifiable);
        json(context, JsonBody.MAPPER.createObjectNode().put("name", changed.name()).put("full_name", schema + "." + table + "." + changed.name())
                .put("data_type", changed.dataType()).put("visibility", changed.visibility())
                .put("identifiable_type", changed.identifiableType().wireName()).put("curr_desc", changed.currDesc())
                .put("modified_at", changed.modifiedAt().toString()));
    }

    private void createIndex(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        Datasource datasource = owned(context, caller);
        ObjectNode body = body(context);
        ValueIndexInfo index = datasources.createIndex(datasource.id(), required(body, "schema_name"), required(body, "table_name"),
                required(body, "field_name"));
        json(context, indexJson(index));
    }

    private void indexes(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        AskTablePage.write(context, datasources.indexes(owned(context, caller).id()), DatasourcesApi::indexJson);
    }

    private void deleteIndex(Context context, AskCaller caller) {
        caller.require(AskPermission.MANAGE_DATASOURCES);
        Datasource datasource = owned(context, caller);
        datasources.deleteIndex(datasource.id(), context.pathParam("index_id"));
        json(context, JsonBody.MAPPER.createObjectNode().put("id", context.pathParam("index_id")).put("deleted", true));
    }

    // ---- JSON

    static ObjectNode datasourceJson(Datasource datasource, boolean withAccess) {
        ObjectNode node = JsonBody.MAPPER.createObjectNode().put("id", datasource.id()).put("project_id", datasource.projectId())
                .put("name", datasource.name()).put("engine", datasource.engine().wireName()).put("desc", datasource.description())
                .put("meta_status", datasource.metaStatus().wireName());
        datasource.metaError().ifPresentOrElse(error -> node.put("meta_error", error), () -> node.putNull("meta_error"));
        ArrayNode questions = node.putArray("sample_questions");
        datasource.sampleQuestions().forEach(questions::add);
        node.put("schema_count", datasource.schemaCount()).put("table_count", datasource.tableCount()).put("field_count", datasource.fieldCount())
                .put("created_at", datasource.createdAt().toString()).put("modified_at", datasource.modifiedAt().toString());
        if (withAccess) {
            ObjectNode access = JsonBody.MAPPER.valueToTree(datasource.accessConfig().withoutPassword());
            if (datasource.engine().isDataFiles() || datasource.engine().isDatabaseFile()) {
                ArrayNode files = access.putArray("files");
                datasource.files().forEach(file -> files.add(fileJson(file)));
            }
            node.set("access_config", access);
        }
        return node;
    }

    private static ObjectNode fileJson(DatasourceFile file) {
        ObjectNode node = JsonBody.MAPPER.createObjectNode().put("id", file.id()).put("filename", file.filename()).put("size", file.size());
        node.putObject("custom_config");
        ArrayNode tables = node.putArray("tables");
        file.tables().forEach(tables::add);
        return node.put("created_at", file.createdAt().toString());
    }

    private static ObjectNode checkJson(ConnectionCheck check) {
        ObjectNode node = JsonBody.MAPPER.createObjectNode().put("ok", check.ok()).put("latency_ms", check.latencyMillis());
        check.serverVersion().ifPresentOrElse(version -> node.put("server_version", version), () -> node.putNull("server_version"));
        check.error().ifPresentOrElse(error -> node.put("error", error), () -> node.putNull("error"));
        return node;
    }

    private static ObjectNode indexJson(ValueIndexInfo index) {
        return JsonBody.MAPPER.createObjectNode().put("id", index.id()).put("datasource_id", index.datasourceId())
                .put("schema_name", index.schemaName()).put("table_name", index.tableName()).put("field_name", index.fieldName())
                .put("status_msg", index.statusMessage()).put("index_value_count", index.indexValueCount()).put("value_count", index.valueCount())
                .put("distinct_count", index.distinctCount()).put("min_length", index.minimumLength()).put("max_length", index.maximumLength())
                .put("avg_length", index.averageLength()).put("created_at", index.createdAt().toString()).put("modified_at", index.modifiedAt().toString());
    }

    // ---- request parts

    private Datasource owned(Context context, AskCaller caller) {
        return datasources.get(caller.projectId(), context.pathParam("id"));
    }

    /** The JSON object of the body; an empty body is an empty object (POST …/meta carries none). */
    /** The JSON object of the body ({} when empty), read to at most MAXIMUM_BODY_BYTES bytes. */
    private static ObjectNode body(Context context) {
        return JsonBody.readObjectOrEmpty(context, MAXIMUM_BODY_BYTES);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> accessFields(ObjectNode body) {
        JsonNode access = body.get("access_config");
        if (access == null || access.isNull()) {
            return Map.of();
        }
        if (!access.isObject()) {
            throw new TarnException(ErrorCode.DATASOURCE_CONFIG_INVALID, "access_config must be an object");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        access.properties().forEach(entry -> fields.put(entry.getKey(), entry.getValue().isNull() ? null
                : entry.getValue().isValueNode() ? entry.getValue().asText() : JsonBody.MAPPER.convertValue(entry.getValue(), Object.class)));
        return fields;
    }

    private static Optional<String> description(JsonNode node) {
        for (String name : List.of("curr_desc", "desc", "origin_desc")) {
            JsonNode description = node.get(name);
            if (description != null && !description.isNull()) {
                return Optional.of(description.asText());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> text(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isValueNode()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, field + " must be text");
        }
        return Optional.of(node.asText());
    }

    private static String required(ObjectNode body, String field) {
        return text(body, field).filter(text -> !text.isBlank())
                .orElseThrow(() -> new TarnException(ErrorCode.INVALID_FIELD, "The body needs '" + field + "'"));
    }

    private static String requiredQuery(Context context, String name) {
        String value = context.queryParam(name);
        if (value == null || value.isBlank()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "The query needs " + name);
        }
        return value;
    }

    private static void json(Context context, JsonNode node) {
        context.contentType("application/json").result(node.toString());
    }
}
