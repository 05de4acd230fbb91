package dev.tarn.ask.datasource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.engine.SystemDatabase;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Datasources, their metadata and their value indexes, durable in a system database of their own
 * and held in memory for reads (a question reads its datasource on every call). Metadata and file
 * lists are stored as JSON documents: they are read and written whole.
 */
public final class DatasourceStore {
    private final SystemDatabase database;
    private final Map<String, Datasource> datasources = new ConcurrentHashMap<>();
    private final Map<String, ValueIndexInfo> indexes = new ConcurrentHashMap<>();
    private final Map<String, List<String>> indexValues = new ConcurrentHashMap<>();

    public DatasourceStore(SystemDatabase database) {
        this.database = database;
        database.update("CREATE TABLE IF NOT EXISTS ask_datasources (id VARCHAR PRIMARY KEY, project_id VARCHAR NOT NULL, name VARCHAR NOT NULL, "
                + "engine VARCHAR NOT NULL, description VARCHAR NOT NULL, access_config VARCHAR NOT NULL, meta_status VARCHAR NOT NULL, "
                + "meta_error VARCHAR, sample_questions VARCHAR NOT NULL, files VARCHAR NOT NULL, meta VARCHAR, version BIGINT NOT NULL, "
                + "created_at VARCHAR NOT NULL, modified_at VARCHAR NOT NULL)");
        database.update("CREATE TABLE IF NOT EXISTS ask_value_indexes (id VARCHAR PRIMARY KEY, datasource_id VARCHAR NOT NULL, "
                + "info VARCHAR NOT NULL, index_values VARCHAR NOT NULL)");
        for (Map<String, Object> row : database.query("SELECT * FROM ask_datasources")) {
            Datasource datasource = datasource(row);
            datasources.put(datasource.id(), datasource);
        }
        for (Map<String, Object> row : database.query("SELECT id, info FROM ask_value_indexes")) {
            indexes.put(String.valueOf(row.get("id")), indexInfo(parse(String.valueOf(row.get("info")))));
        }
    }

    public List<Datasource> all() {
        return datasources.values().stream().sorted(Comparator.comparing(Datasource::createdAt).thenComparing(Datasource::id)).toList();
    }

    public Optional<Datasource> find(String id) {
        return Optional.ofNullable(datasources.get(id));
    }

    public synchronized void save(Datasource datasource) {
        database.update("INSERT OR REPLACE INTO ask_datasources VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                datasource.id(), datasource.projectId(), datasource.name(), datasource.engine().wireName(), datasource.description(),
                json(datasource.accessConfig().stored()), datasource.metaStatus().wireName(), datasource.metaError().orElse(null),
                json(datasource.sampleQuestions()), filesJson(datasource.files()),
                datasource.meta().map(meta -> MetaJson.write(datasource.id(), meta).toString()).orElse(null),
                datasource.version(), datasource.createdAt().toString(), datasource.modifiedAt().toString());
        datasources.put(datasource.id(), datasource);
    }

    public synchronized void delete(String id) {
        database.transaction(() -> {
            database.update("DELETE FROM ask_value_indexes WHERE datasource_id = ?", id);
            database.update("DELETE FROM ask_datasources WHERE id = ?", id);
            return null;
        });
        datasources.remove(id);
        indexes.values().removeIf(index -> index.datasourceId().equals(id));
        indexValues.keySet().removeIf(indexId -> !indexes.containsKey(indexId));
    }

    public List<ValueIndexInfo> indexes(String datasourceId) {
        return indexes.values().stream().filter(index -> index.datasourceId().equals(datasourceId))
                .sorted(Comparator.comparing(ValueIndexInfo::createdAt).thenComparing(ValueIndexInfo::id)).toList();
    }

    public Optional<ValueIndexInfo> index(String indexId) {
        return Optional.ofNullable(indexes.get(indexId));
    }

    public synchronized void saveIndex(ValueIndexInfo info, List<String> values) {
        database.update("INSERT OR REPLACE INTO ask_value_indexes VALUES (?, ?, ?, ?)", info.id(), info.datasourceId(), indexJson(info).toString(), json(values));
        indexes.put(info.id(), info);
        indexValues.put(info.id(), List.copyOf(values));
    }

    public synchronized void deleteIndex(String indexId) {
        database.update("DELETE FROM ask_value_indexes WHERE id = ?", indexId);
        indexes.remove(indexId);
        indexValues.remove(indexId);
    }

    /** The values an index holds, read from the database the first time they are needed. */
    public List<String> indexValues(String indexId) {
        return indexValues.computeIfAbsent(indexId, id -> database.query("SELECT index_values FROM ask_value_indexes WHERE id = ?", id).stream()
                .findFirst().map(row -> read(String.valueOf(row.get("index_values")), new TypeReference<List<String>>() { })).orElse(List.of()));
    }

    private static Datasource datasource(Map<String, Object> row) {
        DatasourceEngine engine = DatasourceEngine.parse(String.valueOf(row.get("engine")));
        Map<String, Object> access = read(String.valueOf(row.get("access_config")), new TypeReference<Map<String, Object>>() { });
        List<DatasourceFile> files = new ArrayList<>();
        for (JsonNode file : parse(String.valueOf(row.get("files")))) {
            List<String> tables = new ArrayList<>();
            file.path("tables").forEach(table -> tables.add(table.asText()));
            files.add(new DatasourceFile(file.path("id").asText(), file.path("filename").asText(), file.path("size").asLong(), tables,
                    Instant.parse(file.path("created_at").asText())));
        }
        Object meta = row.get("meta");
        return new Datasource(String.valueOf(row.get("id")), String.valueOf(row.get("project_id")), String.valueOf(row.get("name")), engine,
                String.valueOf(row.get("description")), AccessConfig.from(engine, access),
                MetaStatus.valueOf(String.valueOf(row.get("meta_status")).toUpperCase(java.util.Locale.ROOT)),
                Optional.ofNullable(row.get("meta_error")).map(String::valueOf),
                read(String.valueOf(row.get("sample_questions")), new TypeReference<List<String>>() { }), files,
                meta == null ? Optional.empty() : Optional.of(MetaJson.read(parse(String.valueOf(meta)))),
                ((Number) row.get("version")).longValue(), Instant.parse(String.valueOf(row.get("created_at"))),
                Instant.parse(String.valueOf(row.get("modified_at"))));
    }

    static ObjectNode indexJson(ValueIndexInfo info) {
        return MetaJson.MAPPER.createObjectNode().put("id", info.id()).put("datasource_id", info.datasourceId())
                .put("schema_name", info.schemaName()).put("table_name", info.tableName()).put("field_name", info.fieldName())
                .put("status_msg", info.statusMessage()).put("index_value_count", info.indexValueCount()).put("value_count", info.valueCount())
                .put("distinct_count", info.distinctCount()).put("min_length", info.minimumLength()).put("max_length", info.maximumLength())
                .put("avg_length", info.averageLength()).put("created_at", info.createdAt().toString()).put("modified_at", info.modifiedAt().toString());
    }

    private static ValueIndexInfo indexInfo(JsonNode node) {
        return new ValueIndexInfo(node.path("id").asText(), node.path("datasource_id").asText(), node.path("schema_name").asText(),
                node.path("table_name").asText(), node.path("field_name").asText(), node.path("status_msg").asText(),
                node.path("index_value_count").asLong(), node.path("value_count").asLong(), node.path("distinct_count").asLong(),
                node.path("min_length").asInt(), node.path("max_length").asInt(), node.path("avg_length").asDouble(),
                Instant.parse(node.path("created_at").asText()), Instant.parse(node.path("modified_at").asText()));
    }

    private static String filesJson(List<DatasourceFile> files) {
        ArrayNode array = MetaJson.MAPPER.createArrayNode();
        for (DatasourceFile file : files) {
            ObjectNode node = array.addObject().put("id", file.id()).put("filename", file.filename()).put("size", file.size())
                    .put("created_at", file.createdAt().toString());
            ArrayNode tables = node.putArray("tables");
            file.tables().forEach(tables::add);
        }
        return array.toString();
    }

    private static String json(Object value) {
        try {
            return MetaJson.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "cannot store a datasource: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode parse(String text) {
        return read(text, new TypeReference<JsonNode>() { });
    }

    private static <T> T read(String text, TypeReference<T> type) {
        try {
            return MetaJson.MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new TarnException(ErrorCode.INTERNAL_ERROR, "a stored datasource is not readable: " + e.getOriginalMessage(), e);
        }
    }
}
