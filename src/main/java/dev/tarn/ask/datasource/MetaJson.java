package dev.tarn.ask.datasource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract's Meta document (section 1.5) for a datasource's metadata, written and read here
 * so that what is stored and what {@code GET …/meta} answers are one shape; the keys are kept as
 * {@code primary_key} and {@code foreign_keys} on each table.
 */
public final class MetaJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private MetaJson() {
    }

    public static ObjectNode write(String datasourceId, DatasourceMeta meta) {
        ObjectNode root = MAPPER.createObjectNode().put("datasource_id", datasourceId);
        ObjectNode schemas = root.putObject("schemas");
        for (DatasourceMeta.Schema schema : meta.schemas().values()) {
            ObjectNode schemaNode = schemas.putObject(schema.name()).put("name", schema.name())
                    .put("origin_desc", schema.originDesc()).put("curr_desc", schema.currDesc()).put("curr_desc_stat", stat(schema.originDesc(), schema.currDesc()));
            schemaNode.putObject("custom_configs");
            ObjectNode tables = schemaNode.putObject("tables");
            for (DatasourceMeta.Table table : schema.tables().values()) {
                ObjectNode tableNode = tables.putObject(table.name()).put("name", table.name()).put("full_name", schema.name() + "." + table.name())
                        .put("table_type", table.type()).put("origin_desc", table.originDesc()).put("curr_desc", table.currDesc())
                        .put("curr_desc_stat", stat(table.originDesc(), table.currDesc()));
                ArrayNode keys = tableNode.putArray("primary_key");
                table.primaryKey().forEach(keys::add);
                ArrayNode foreignKeys = tableNode.putArray("foreign_keys");
                for (DatasourceMeta.ForeignKey key : table.foreignKeys()) {
                    foreignKeys.addObject().put("field", key.field()).put("referenced_schema", key.referencedSchema())
                            .put("referenced_table", key.referencedTable()).put("referenced_field", key.referencedField());
                }
                ObjectNode fields = tableNode.putObject("fields");
                for (DatasourceMeta.Field field : table.fields().values()) {
                    fields.putObject(field.name()).put("name", field.name()).put("full_name", schema.name() + "." + table.name() + "." + field.name())
                            .put("data_type", field.dataType()).put("sample_data", field.sampleData()).put("origin_desc", field.originDesc())
                            .put("curr_desc", field.currDesc()).put("curr_desc_stat", stat(field.originDesc(), field.currDesc()))
                            .put("visibility", field.visibility()).put("identifiable_type", field.identifiableType().wireName())
                            .put("created_at", field.createdAt().toString()).put("modified_at", field.modifiedAt().toString());
                }
            }
        }
        return root;
    }

    public static DatasourceMeta read(JsonNode root) {
        Map<String, DatasourceMeta.Schema> schemas = new LinkedHashMap<>();
        for (JsonNode schema : iterable(root.path("schemas"))) {
            Map<String, DatasourceMeta.Table> tables = new LinkedHashMap<>();
            for (JsonNode table : iterable(schema.path("tables"))) {
                List<String> primaryKey = new ArrayList<>();
                table.path("primary_key").forEach(key -> primaryKey.add(key.asText()));
                List<DatasourceMeta.ForeignKey> foreignKeys = new ArrayList<>();
                table.path("foreign_keys").forEach(key -> foreignKeys.add(new DatasourceMeta.ForeignKey(key.path("field").asText(),
                        key.path("referenced_schema").asText(), key.path("referenced_table").asText(), key.path("referenced_field").asText())));
                Map<String, DatasourceMeta.Field> fields = new LinkedHashMap<>();
                for (JsonNode field : iterable(table.path("fields"))) {
                    fields.put(field.path("name").asText(), new DatasourceMeta.Field(field.path("name").asText(), field.path("data_type").asText(),
                            field.path("sample_data").asText(), field.path("origin_desc").asText(), field.path("curr_desc").asText(),
                            field.path("visibility").asBoolean(true), IdentifiableType.parse(field.path("identifiable_type").asText("plain")),
                            Instant.parse(field.path("created_at").asText()), Instant.parse(field.path("modified_at").asText())));
                }
                tables.put(table.path("name").asText(), new DatasourceMeta.Table(table.path("name").asText(), table.path("table_type").asText("table"),
                        table.path("origin_desc").asText(), table.path("curr_desc").asText(), primaryKey, foreignKeys, fields));
            }
            schemas.put(schema.path("name").asText(), new DatasourceMeta.Schema(schema.path("name").asText(), schema.path("origin_desc").asText(),
                    schema.path("curr_desc").asText(), tables));
        }
        return new DatasourceMeta(schemas);
    }

    /** Whether the description is still the database's comment or was written by someone. */
    private static String stat(String origin, String current) {
        return origin.equals(current) ? "origin" : "user";
    }

    private static Iterable<JsonNode> iterable(JsonNode objectNode) {
        List<JsonNode> values = new ArrayList<>();
        objectNode.properties().forEach(entry -> values.add(entry.getValue()));
        return values;
    }
}
