package dev.tarn.http.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.auth.Principal;
import dev.tarn.engine.SqlQuoting;
import dev.tarn.engine.SqlScript;
import dev.tarn.engine.SqlToken;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.files.FileScope;
import dev.tarn.files.FileStore;
import dev.tarn.realtime.RealtimeSqlService;
import dev.tarn.realtime.RealtimeTable;
import dev.tarn.realtime.SqlResult;
import dev.tarn.realtime.TableRegistry;
import dev.tarn.realtime.TableType;
import io.javalin.http.Context;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.http.Part;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A multipart POST /v1/api/sql (contract 1.6): parts {@code sql}, {@code params},
 * {@code namespace_id} and one {@code file:<key>} per {@code FILE("key")} placeholder. Files stream
 * to staging, the placeholders become their references, and the files move into table storage
 * only when the statement succeeded.
 */
final class MultipartSql {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MULTIPART_CONFIG = "org.eclipse.jetty.multipartConfig";
    private static final long MAXIMUM_TEXT_PART_BYTES = 1024 * 1024;
    /** Parts above this size spool to disk; uploads never sit whole in memory. */
    private static final int SPOOL_THRESHOLD_BYTES = 64 * 1024;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern MIME = Pattern.compile("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+");
    /** Permissive by default; types a browser would run as a page (HTML, scripts) are left out. */
    private static final List<String> ALLOWED_MIME_TYPES = List.of("image/*", "audio/*", "video/*", "text/plain", "text/csv",
            "text/markdown", "application/pdf", "application/json", "application/octet-stream", "application/zip", "application/gzip",
            "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint", "application/vnd.openxmlformats-officedocument.*",
            "application/vnd.oasis.opendocument.*", "application/xml", "text/xml");

    /** The contract's file error codes, whose messages every caller may see. */
    static final java.util.Set<String> FILE_ERROR_CODES = java.util.Set.of("FILE_TOO_LARGE", "TOO_MANY_FILES", "INVALID_MIME_TYPE",
            "MISSING_FILE", "EXTRA_FILE", "FILE_NOT_FOUND");

    private final RealtimeSqlService sql;
    private final TableRegistry tables;
    private final FileStore files;

    MultipartSql(RealtimeSqlService sql, TableRegistry tables, FileStore files) {
        this.sql = sql;
        this.tables = tables;
        this.files = files;
    }

    static boolean isMultipart(Context context) {
        String type = context.header("Content-Type");
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    /** A FILE("key") or FILE('key') in a statement: where it is and the key it names. */
    record Placeholder(int start, int end, String key) {
    }

    /** The FILE placeholders of a statement, found on its tokens so string literals that merely contain FILE( are left alone. */
    static List<Placeholder> placeholders(List<SqlToken> tokens) {
        List<Placeholder> found = new ArrayList<>();
        for (int i = 0; i + 3 < tokens.size(); i++) {
            SqlToken name = tokens.get(i);
            SqlToken key = tokens.get(i + 2);
            if (name.isKeyword("FILE") && tokens.get(i + 1).text().equals("(") && tokens.get(i + 3).text().equals(")")
                    && (key.type() == SqlToken.Type.QUOTED_IDENTIFIER || key.type() == SqlToken.Type.STRING)) {
                found.add(new Placeholder(name.start(), tokens.get(i + 3).end(), key.identifier()));
            }
        }
        return found;
    }

    /** FILE placeholders outside a multipart request have no file to stand for (contract 1.6: INVALID_INPUT). */
    static void refusePlaceholders(String text) {
        if (!text.toLowerCase(Locale.ROOT).contains("file")) {
            return;
        }
        for (SqlScript.Statement statement : SqlScript.split(text)) {
            if (!placeholders(statement.tokens()).isEmpty()) {
                throw invalid("FILE(\"…\") placeholders need a multipart/form-data request with a file:<key> part per placeholder");
            }
        }
    }

    List<SqlResult> execute(Context context, Principal principal) {
        Collection<Part> parts = parts(context);
        Optional<String> statementText = Optional.empty();
        Optional<String> namespace = Optional.empty();
        JsonNode parameters = JSON.nullNode();
        Map<String, Part> fileParts = new LinkedHashMap<>();
        for (Part part : parts) {
            String name = part.getName();
            if (name.startsWith("file:")) {
                String key = name.substring(5);
                if (!KEY.matcher(key).matches()) {
                    throw invalid("The part name '" + name + "' must be file:<key> with a key of letters, digits, '_', '-' or '.'");
                }
                if (fileParts.put(key, part) != null) {
                    throw invalid("The file part '" + name + "' appears twice");
                }
                if (fileParts.size() > FileStore.MAXIMUM_FILES) {
                    throw new TarnException(ErrorCode.TOO_MANY_FILES, "At most " + FileStore.MAXIMUM_FILES + " files per request");
                }
                continue;
            }
            switch (name) {
                case "sql" -> statementText = Optional.of(text(part));
                case "namespace_id" -> namespace = Optional.of(text(part));
                case "params" -> parameters = parseParameters(text(part));
                default -> throw invalid("Unknown part '" + name + "': send sql, params, namespace_id and file:<key> parts");
            }
        }
        String text = statementText.orElseThrow(() -> invalid("The multipart body needs a 'sql' part"));
        List<SqlScript.Statement> statements = SqlScript.split(text);
        if (statements.size() != 1) {
            throw invalid("A file upload runs exactly one statement");
        }
        SqlScript.Statement statement = statements.get(0);
        List<Placeholder> placeholders = placeholders(statement.tokens());
        for (Placeholder placeholder : placeholders) {
            if (!fileParts.containsKey(placeholder.key())) {
                throw new TarnException(ErrorCode.MISSING_FILE, "FILE(\"" + placeholder.key() + "\") has no part named file:" + placeholder.key());
            }
        }
        for (String key : fileParts.keySet()) {
            if (placeholders.stream().noneMatch(placeholder -> placeholder.key().equals(key))) {
                throw new TarnException(ErrorCode.EXTRA_FILE, "The part file:" + key + " has no FILE(\"" + key + "\") placeholder in the SQL");
            }
        }
        FileScope scope = scope(statement.tokens(), principal);
        List<FileStore.StagedFile> staged = new ArrayList<>();
        Map<String, FileStore.StagedFile> byKey = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Part> entry : fileParts.entrySet()) {
                FileStore.StagedFile file = stage(scope, entry.getKey(), entry.getValue());
                staged.add(file);
                byKey.put(entry.getKey(), file);
            }
            StringBuilder substituted = new StringBuilder(text);
            for (int i = placeholders.size() - 1; i >= 0; i--) {
                Placeholder placeholder = placeholders.get(i);
                substituted.replace(placeholder.start(), placeholder.end(), SqlQuoting.literal(byKey.get(placeholder.key()).reference().toJson()));
            }
            ObjectNode body = JSON.createObjectNode();
            body.set("params", parameters);
            List<SqlResult> results = sql.execute(principal, substituted.toString(), SqlHandler.parameters(body), namespace);
            files.commit(staged);
            return results;
        } catch (RuntimeException e) {
            files.discard(staged);
            throw e;
        }
    }

    /** The table the statement writes: INSERT INTO ns.t or UPDATE ns.t, fully qualified as the contract asks. */
    private FileScope scope(List<SqlToken> tokens, Principal principal) {
        int at;
        if (tokens.get(0).isKeyword("INSERT") && tokens.size() > 1 && tokens.get(1).isKeyword("INTO")) {
            at = 2;
        } else if (tokens.get(0).isKeyword("UPDATE")) {
            at = 1;
        } else {
            throw invalid("A file upload runs one INSERT INTO namespace.table or UPDATE namespace.table");
        }
        if (tokens.size() < at + 3 || !tokens.get(at + 1).text().equals(".") || !isName(tokens.get(at)) || !isName(tokens.get(at + 2))) {
            throw invalid("A file upload needs a fully qualified table: namespace.table");
        }
        String namespace = tokens.get(at).identifier().toLowerCase(Locale.ROOT);
        String table = tokens.get(at + 2).identifier().toLowerCase(Locale.ROOT);
        if (!FileScope.validName(namespace) || !FileScope.validName(table)) {
            throw invalid("FILE columns live in tables whose namespace and name are letters, digits and underscores");
        }
        if (namespace.equals("system")) {
            throw invalid("Files cannot be stored in SYSTEM tables");
        }
        Optional<RealtimeTable> known = tables.find(namespace, table);
        if (known.isPresent() && known.get().type() == TableType.STREAM) {
            throw invalid("Files cannot be stored in STREAM tables");
        }
        boolean perUser = known.isPresent() && known.get().type().perUser();
        return new FileScope(namespace, table, perUser ? Optional.of(principal.userName()) : Optional.empty());
    }

    private FileStore.StagedFile stage(FileScope scope, String key, Part part) {
        if (part.getSize() > FileStore.MAXIMUM_FILE_BYTES) {
            throw tooLarge();
        }
        String mime = Optional.ofNullable(part.getContentType()).map(type -> type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
                .filter(type -> !type.isEmpty()).orElse("application/octet-stream");
        if (!MIME.matcher(mime).matches() || !allowed(mime)) {
            throw new TarnException(ErrorCode.INVALID_MIME_TYPE, "The MIME type '" + mime + "' of file:" + key + " is not allowed");
        }
        String name = Optional.ofNullable(part.getSubmittedFileName()).filter(n -> !n.isBlank()).orElse(key);
        try (InputStream content = part.getInputStream()) {
            return files.stage(scope, content, name, mime);
        } catch (IOException e) {
            throw new TarnException(ErrorCode.STAGING_FAILED, "The file:" + key + " part could not be read: " + e.getMessage(), e);
        }
    }

    static boolean allowed(String mime) {
        for (String pattern : ALLOWED_MIME_TYPES) {
            if (pattern.endsWith("*") ? mime.startsWith(pattern.substring(0, pattern.length() - 1)) : mime.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    private Collection<Part> parts(Context context) {
        // our limits, not the container's defaults; parts spool to the staging folder, never to memory
        context.req().setAttribute(MULTIPART_CONFIG, new MultipartConfigElement(files.spoolDirectory().toString(),
                FileStore.MAXIMUM_FILE_BYTES, FileStore.MAXIMUM_FILE_BYTES * (FileStore.MAXIMUM_FILES + 1), SPOOL_THRESHOLD_BYTES));
        try {
            return context.req().getParts();
        } catch (Exception e) {
            // the rest of a refused body is never read: the connection cannot carry another request
            context.header("Connection", "close");
            // the container reports its size limit as a nested "bad multipart" failure
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("max file size") || message.contains("exceeded") || message.contains("too large")) {
                    throw tooLarge();
                }
            }
            throw invalid("The multipart body cannot be read: " + e.getMessage());
        }
    }

    private static String text(Part part) {
        if (part.getSize() > MAXIMUM_TEXT_PART_BYTES) {
            throw invalid("The part '" + part.getName() + "' is larger than 1 MiB");
        }
        try (InputStream input = part.getInputStream()) {
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw invalid("The part '" + part.getName() + "' cannot be read");
        }
    }

    private static JsonNode parseParameters(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node == null ? JSON.nullNode() : node;
        } catch (IOException e) {
            throw new TarnException(ErrorCode.REALTIME_INVALID_PARAMETER, "The params part must be a JSON array");
        }
    }

    private static boolean isName(SqlToken token) {
        return token.type() == SqlToken.Type.WORD || token.type() == SqlToken.Type.QUOTED_IDENTIFIER;
    }

    private static TarnException tooLarge() {
        return new TarnException(ErrorCode.FILE_TOO_LARGE, "A file is larger than " + FileStore.MAXIMUM_FILE_BYTES / (1024 * 1024) + " MiB");
    }

    private static TarnException invalid(String message) {
        return new TarnException(ErrorCode.INVALID_JSON, message);
    }
}
