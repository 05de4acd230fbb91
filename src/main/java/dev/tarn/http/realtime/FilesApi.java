package dev.tarn.http.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarn.auth.Principal;
import dev.tarn.auth.Role;
import dev.tarn.auth.TokenService;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.ErrorKind;
import dev.tarn.error.TarnException;
import dev.tarn.files.FileScope;
import dev.tarn.files.FileStore;
import dev.tarn.http.Route;
import dev.tarn.realtime.AccessLevel;
import dev.tarn.realtime.RealtimeTable;
import dev.tarn.realtime.TableRegistry;
import dev.tarn.realtime.TableType;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.javalin.http.HandlerType.GET;

/**
 * Downloads of FILE column contents (contract 1.6): Bearer only; a per-user table's file only from
 * the caller's own folder (administrators may name another with {@code user_id}); SHARED tables by
 * their access level; SYSTEM and STREAM tables never. Every path part is checked against a fixed
 * form before it touches the disk.
 */
public final class FilesApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenService tokens;
    private final TableRegistry tables;
    private final FileStore files;

    public FilesApi(TokenService tokens, TableRegistry tables, FileStore files) {
        this.tokens = tokens;
        this.tables = tables;
        this.files = files;
    }

    public List<Route> routes() {
        return List.of(new Route(GET, "/v1/files/{namespace}/{table}/{subfolder}/{file_id}", this::download));
    }

    private void download(Context context) {
        try {
            Principal principal = authenticate(context);
            String namespace = context.pathParam("namespace");
            String table = context.pathParam("table");
            String subfolder = context.pathParam("subfolder");
            String fileId = context.pathParam("file_id");
            if (!FileScope.validName(namespace) || !FileScope.validName(table) || !FileStore.validSubfolder(subfolder)
                    || !FileStore.validFileId(fileId)) {
                throw invalid("The file path is /v1/files/<namespace>/<table>/<subfolder fNNNN>/<32 hex digit file id>, in lower case");
            }
            FileScope scope = scope(principal, namespace, table, Optional.ofNullable(context.queryParam("user_id")));
            FileStore.StoredFile file = files.find(scope, subfolder, fileId)
                    .orElseThrow(() -> new TarnException(ErrorCode.FILE_NOT_FOUND, "No file " + subfolder + "/" + fileId + " in " + namespace + "." + table));
            context.status(200)
                    .contentType(file.reference().mime())
                    .header("Content-Length", Long.toString(file.reference().size()))
                    .header("Content-Disposition", "inline; filename=\"" + asciiName(file.reference().name()) + "\"")
                    // stored files are user content: never sniffed into a page, never run as one
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Security-Policy", "default-src 'none'; sandbox")
                    .result(Files.newInputStream(file.data()));
        } catch (TarnException e) {
            failure(context, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FileScope scope(Principal principal, String namespace, String table, Optional<String> userId) {
        if (namespace.equals("system")) {
            throw invalid("Files of SYSTEM tables cannot be downloaded");
        }
        Optional<RealtimeTable> known = tables.find(namespace, table);
        TableType type = known.map(RealtimeTable::type).orElse(TableType.SHARED);
        if (type == TableType.STREAM) {
            throw invalid("STREAM tables hold no files");
        }
        if (type.perUser()) {
            Optional<String> other = userId.filter(id -> !id.equals(principal.userName()));
            if (other.isPresent() && !principal.isAdministrator()) {
                throw new TarnException(ErrorCode.PERMISSION_DENIED, "Only dba and system may read another user's files");
            }
            return new FileScope(namespace, table, Optional.of(other.orElse(principal.userName())));
        }
        if (userId.isPresent()) {
            throw invalid("user_id applies to USER tables only; " + namespace + "." + table + " is SHARED");
        }
        AccessLevel level = known.map(RealtimeTable::accessLevel).orElse(AccessLevel.PRIVATE);
        boolean readable = principal.isAdministrator() || level == AccessLevel.PUBLIC
                || (principal.role() == Role.SERVICE && level != AccessLevel.DBA);
        if (!readable) {
            throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: the table " + namespace + "." + table + " is not readable by role "
                    + principal.role().wireName());
        }
        return new FileScope(namespace, table, Optional.empty());
    }

    private Principal authenticate(Context context) {
        String header = context.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new TarnException(ErrorCode.AUTHENTICATION_REQUIRED, "Authentication required");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new TarnException(ErrorCode.INVALID_CREDENTIALS, "Invalid credentials: file downloads take a Bearer token from /v1/api/auth/login");
        }
        return tokens.verifyAccessToken(header.substring(7).trim());
    }

    /** The stored name reduced to safe ASCII for the header; the reference keeps the original. */
    private static String asciiName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._ -]", "_");
        return safe.isBlank() ? "file" : safe;
    }

    private static void failure(Context context, TarnException error) {
        int status = switch (error.kind()) {
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case INTERNAL -> 500;
            default -> 400;
        };
        var body = JSON.createObjectNode();
        body.put("status", "error");
        var detail = body.putObject("error");
        detail.put("code", SqlHandler.code(error));
        detail.put("message", error.kind() == ErrorKind.INTERNAL ? "Internal error" : error.getMessage());
        detail.putNull("details");
        context.status(status).contentType("application/json").result(body.toString());
    }

    private static TarnException invalid(String message) {
        return new TarnException(ErrorCode.INVALID_FIELD, message);
    }
}
