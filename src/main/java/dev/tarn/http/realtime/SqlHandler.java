package dev.tarn.http.realtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarn.auth.Principal;
import dev.tarn.auth.TokenService;
import dev.tarn.engine.Column;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.ErrorKind;
import dev.tarn.error.TarnException;
import dev.tarn.files.FileStore;
import dev.tarn.realtime.RealtimeSqlService;
import dev.tarn.realtime.TableRegistry;
import dev.tarn.realtime.SqlResult;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * POST /v1/api/sql: Bearer JWT only, JSON {sql, params, namespace_id}, answered in the reference's
 * envelope ({"status":"success","results":[…],"took":ms} or {"status":"error","error":{code,message,details},…}).
 */
public final class SqlHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final long MAXIMUM_BODY_BYTES = 1024 * 1024;
    private static final int MAXIMUM_PARAMETERS = 50;
    private static final int MAXIMUM_PARAMETER_BYTES = 512 * 1024;

    private final RealtimeSqlService sql;
    private final MultipartSql multipart;
    private final TokenService tokens;
    private final int requestsPerSecond;
    private final Map<String, RateWindow> windows = new ConcurrentHashMap<>();

    public SqlHandler(RealtimeSqlService sql, TokenService tokens, int requestsPerSecond, TableRegistry tables, FileStore files) {
        this.sql = sql;
        this.multipart = new MultipartSql(sql, tables, files);
        this.tokens = tokens;
        this.requestsPerSecond = requestsPerSecond;
    }

    /** Requests of one user in the current second. */
    private static final class RateWindow {
        private long second;
        private int count;

        synchronized boolean admit(int limit) {
            long now = System.currentTimeMillis() / 1000;
            if (now != second) {
                second = now;
                count = 0;
            }
            return ++count <= limit;
        }
    }

    void handle(Context context) {
        long start = System.nanoTime();
        Principal principal = null;
        try {
            principal = authenticate(context);
            if (requestsPerSecond > 0 && !windows.computeIfAbsent(principal.userName(), user -> new RateWindow()).admit(requestsPerSecond)) {
                context.header("Retry-After", "1");
                throw new TarnException(ErrorCode.REALTIME_RATE_LIMITED, "More than " + requestsPerSecond + " requests per second; slow down");
            }
            if (MultipartSql.isMultipart(context)) {
                success(context, multipart.execute(context, principal), start);
                return;
            }
            JsonNode body = body(context);
            String statement = text(body, "sql").orElse("");
            MultipartSql.refusePlaceholders(statement);
            List<Object> parameters = parameters(body);
            List<SqlResult> results = sql.execute(principal, statement, parameters, text(body, "namespace_id"));
            success(context, results, start);
        } catch (TarnException e) {
            failure(context, e, principal, start);
        }
    }

    private Principal authenticate(Context context) {
        String header = context.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new TarnException(ErrorCode.AUTHENTICATION_REQUIRED, "Authentication required");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new TarnException(ErrorCode.INVALID_CREDENTIALS, "Invalid credentials: this endpoint takes a Bearer token from /v1/api/auth/login");
        }
        return tokens.verifyAccessToken(header.substring(7).trim());
    }

    private static JsonNode body(Context context) {
        byte[] bytes;
        try (InputStream input = context.req().getInputStream()) {
            bytes = input.readNBytes((int) MAXIMUM_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > MAXIMUM_BODY_BYTES) {
            throw new TarnException(ErrorCode.INVALID_STATEMENT, "The SQL is larger than 1 MiB");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new TarnException(ErrorCode.INVALID_JSON, "The body must be a JSON object {sql, params, namespace_id}");
            }
            return node;
        } catch (IOException e) {
            throw new TarnException(ErrorCode.INVALID_JSON, "The body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "The field '" + field + "' must be a string");
        }
        return Optional.of(value.textValue());
    }

    static List<Object> parameters(JsonNode body) {
        JsonNode params = body.get("params");
        if (params == null || params.isNull()) {
            return List.of();
        }
        if (!params.isArray()) {
            throw new TarnException(ErrorCode.REALTIME_INVALID_PARAMETER, "params must be an array of values for $1, $2, …");
        }
        if (params.size() > MAXIMUM_PARAMETERS) {
            throw new TarnException(ErrorCode.REALTIME_INVALID_PARAMETER, "At most " + MAXIMUM_PARAMETERS + " parameters");
        }
        List<Object> values = new ArrayList<>();
        for (JsonNode param : params) {
            if (param.isNull()) {
                values.add(null);
            } else if (param.isBoolean()) {
                values.add(param.booleanValue());
            } else if (param.isIntegralNumber() && param.canConvertToLong()) {
                values.add(param.longValue());
            } else if (param.isNumber()) {
                values.add(param.doubleValue());
            } else if (param.isTextual()) {
                if (param.textValue().length() > MAXIMUM_PARAMETER_BYTES) {
                    throw new TarnException(ErrorCode.REALTIME_INVALID_PARAMETER, "A parameter is larger than 512 KB");
                }
                values.add(param.textValue());
            } else {
                throw new TarnException(ErrorCode.REALTIME_INVALID_PARAMETER, "Parameters must be null, booleans, numbers or strings");
            }
        }
        return values;
    }

    private static void success(Context context, List<SqlResult> results, long start) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("status", "success");
            json.writeArrayFieldStart("results");
            for (SqlResult result : results) {
                json.writeStartObject();
                if (!result.columns().isEmpty() || result.message().isEmpty()) {
                    json.writeArrayFieldStart("schema");
                    for (int i = 0; i < result.columns().size(); i++) {
                        json.writeStartObject();
                        json.writeStringField("name", result.columns().get(i).name());
                        json.writeFieldName("data_type");
                        RealtimeJson.writeType(json, result.columns().get(i).type());
                        json.writeNumberField("index", i);
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                    json.writeArrayFieldStart("rows");
                    for (Object[] row : result.rows()) {
                        json.writeStartArray();
                        for (int i = 0; i < row.length; i++) {
                            RealtimeJson.writeValue(json, row[i], result.columns().get(i));
                        }
                        json.writeEndArray();
                    }
                    json.writeEndArray();
                }
                json.writeNumberField("row_count", result.rowCount());
                if (result.message().isPresent()) {
                    json.writeStringField("message", result.message().get());
                }
                json.writeStringField("as_user", result.asUser());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("took", took(start));
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        context.status(200).contentType("application/json").result(bytes.toByteArray());
    }

    private static void failure(Context context, TarnException error, Principal principal, long start) {
        String code = code(error);
        int status = switch (error.kind()) {
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
            default -> 400;
        };
        boolean administrator = principal != null && principal.isAdministrator();
        String message = administrator || error.kind() != ErrorKind.INVALID_REQUEST ? error.getMessage() : redacted(code, error.getMessage());
        var body = JSON.createObjectNode();
        body.put("status", "error");
        body.putArray("results");
        body.put("took", took(start));
        var detail = body.putObject("error");
        detail.put("code", code);
        detail.put("message", message);
        detail.putNull("details");
        context.status(status).contentType("application/json").result(body.toString());
    }

    /** The reference's error codes, from ours. */
    static String code(TarnException error) {
        return switch (error.code()) {
            case AUTHENTICATION_REQUIRED -> "MISSING_AUTHORIZATION";
            case INVALID_CREDENTIALS, INVALID_TOKEN, TOKEN_REVOKED, USER_DELETED, ROLE_CHANGED -> "INVALID_CREDENTIALS";
            case TOKEN_EXPIRED -> "TOKEN_EXPIRED";
            case SETUP_REQUIRED -> "SETUP_REQUIRED";
            case ACCOUNT_LOCKED -> "ACCOUNT_LOCKED";
            case REMOTE_ACCESS_DENIED -> "REMOTE_ACCESS_DENIED";
            case PERMISSION_DENIED -> "PERMISSION_DENIED";
            case REALTIME_EMPTY_SQL -> "EMPTY_SQL";
            case REALTIME_PARAMS_WITH_BATCH -> "PARAMS_WITH_BATCH";
            case REALTIME_INVALID_PARAMETER, INVALID_FIELD -> "INVALID_PARAMETER";
            case REALTIME_RATE_LIMITED -> "RATE_LIMIT_EXCEEDED";
            case FILE_TOO_LARGE, TOO_MANY_FILES, INVALID_MIME_TYPE, MISSING_FILE, EXTRA_FILE, FILE_NOT_FOUND -> error.code().name();
            case INVALID_JSON -> "INVALID_INPUT";
            case INVALID_STATEMENT, INVALID_USER_NAME, INVALID_EMAIL, INVALID_PASSWORD -> "INVALID_SQL";
            case SQL_ERROR -> error.getMessage().contains("Parser Error") ? "INVALID_SQL" : "SQL_EXECUTION_ERROR";
            default -> error.kind() == ErrorKind.INTERNAL ? "INTERNAL_ERROR" : error.kind() == ErrorKind.UNAUTHENTICATED
                    ? "INVALID_CREDENTIALS" : "SQL_EXECUTION_ERROR";
        };
    }

    /**
     * Non-administrators get generic messages for SQL failures (they could reveal other users'
     * schema), except validation messages a user needs to fix their statement.
     */
    private static String redacted(String code, String message) {
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("already exists") || lower.contains("primary key") || lower.contains("column") || lower.contains("parameter")
                || lower.contains("namespace") || lower.contains("topic") || lower.contains("permission") || lower.contains("option") || code.equals("EMPTY_SQL")
                || code.equals("PARAMS_WITH_BATCH") || code.equals("INVALID_INPUT") || code.equals("RATE_LIMIT_EXCEEDED")
                || MultipartSql.FILE_ERROR_CODES.contains(code)) {
            return message;
        }
        if (lower.contains("table with name") && lower.contains("does not exist")) {
            return "Requested table is not available";
        }
        return code.equals("INVALID_SQL") ? "SQL statement is invalid or not allowed" : "SQL statement failed";
    }

    private static double took(long start) {
        return Math.round((System.nanoTime() - start) / 1000.0) / 1000.0;
    }
}
