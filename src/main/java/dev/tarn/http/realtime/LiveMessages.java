package dev.tarn.http.realtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tarn.engine.Column;
import dev.tarn.error.TarnException;
import dev.tarn.live.LiveEvent;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The WebSocket protocol's server messages (contract 2) as JSON text: rows are objects keyed by
 * column name, values in the realtime API's encoding (64-bit integers and {@code _seq} as strings).
 */
final class LiveMessages {
    private static final JsonFactory JSON = new JsonFactory();

    private LiveMessages() {
    }

    static String authSuccess(String user, String role, boolean gzip) {
        return write(json -> {
            json.writeStringField("type", "auth_success");
            json.writeStringField("user", user);
            json.writeStringField("role", role);
            json.writeObjectFieldStart("protocol");
            json.writeStringField("serialization", "json");
            json.writeStringField("compression", gzip ? "gzip" : "none");
            json.writeEndObject();
        });
    }

    static String authError(String message) {
        return write(json -> {
            json.writeStringField("type", "auth_error");
            json.writeStringField("message", message);
        });
    }

    static String error(String subscriptionId, String code, String message) {
        return write(json -> {
            json.writeStringField("type", "error");
            json.writeStringField("subscription_id", subscriptionId);
            json.writeStringField("code", code);
            json.writeStringField("message", message);
        });
    }

    static String event(LiveEvent event) {
        return switch (event) {
            case LiveEvent.Acknowledged ack -> write(json -> {
                json.writeStringField("type", "subscription_ack");
                json.writeStringField("subscription_id", ack.subscriptionId());
                json.writeNumberField("total_rows", 0);
                batchControl(json, ack.control());
                json.writeArrayFieldStart("schema");
                for (int i = 0; i < ack.schema().size(); i++) {
                    Column column = ack.schema().get(i);
                    json.writeStartObject();
                    json.writeStringField("name", column.name());
                    json.writeFieldName("data_type");
                    RealtimeJson.writeType(json, column.type());
                    json.writeNumberField("index", i);
                    json.writeEndObject();
                }
                json.writeEndArray();
            });
            case LiveEvent.InitialBatch batch -> write(json -> {
                json.writeStringField("type", "initial_data_batch");
                json.writeStringField("subscription_id", batch.subscriptionId());
                rows(json, "rows", batch.rows());
                batchControl(json, batch.control());
            });
            case LiveEvent.RowsChanged changed -> write(json -> {
                json.writeStringField("type", "change");
                json.writeStringField("subscription_id", changed.subscriptionId());
                json.writeStringField("change_type", changed.type().name().toLowerCase(Locale.ROOT));
                if (changed.type() != LiveEvent.ChangeType.DELETE) {
                    rows(json, "rows", changed.rows());
                }
                if (changed.type() != LiveEvent.ChangeType.INSERT) {
                    rows(json, "old_values", changed.oldValues());
                }
            });
            case LiveEvent.Failed failed -> error(failed.subscriptionId(), LiveErrorCodes.code(failed.error()), failed.error().getMessage());
        };
    }

    static String error(String subscriptionId, TarnException error) {
        return error(subscriptionId, LiveErrorCodes.code(error), error.getMessage());
    }

    private static void batchControl(JsonGenerator json, LiveEvent.BatchControl control) throws IOException {
        json.writeObjectFieldStart("batch_control");
        json.writeNumberField("batch_num", control.batchNumber());
        json.writeBooleanField("has_more", control.hasMore());
        json.writeStringField("status", control.status());
        if (control.lastSeq().isPresent()) {
            json.writeStringField("last_seq_id", Long.toString(control.lastSeq().getAsLong()));
        }
        json.writeEndObject();
    }

    private static void rows(JsonGenerator json, String field, List<Map<String, Object>> rows) throws IOException {
        json.writeArrayFieldStart(field);
        for (Map<String, Object> row : rows) {
            json.writeStartObject();
            for (Map.Entry<String, Object> value : row.entrySet()) {
                json.writeFieldName(value.getKey());
                RealtimeJson.writeValue(json, value.getValue(), null);
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static String write(Body body) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
