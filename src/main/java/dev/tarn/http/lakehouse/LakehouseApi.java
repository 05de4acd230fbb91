package dev.tarn.http.lakehouse;

import dev.tarn.auth.Authenticator;
import dev.tarn.auth.Principal;
import dev.tarn.http.Route;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.List;
import java.util.Optional;

import static io.javalin.http.HandlerType.DELETE;
import static io.javalin.http.HandlerType.GET;
import static io.javalin.http.HandlerType.POST;

/** The Altertable-compatible Lakehouse API: its route table, every route behind Basic authentication. */
public final class LakehouseApi {
    private final Authenticator authenticator;
    private final QueryHandler queries;
    private final QueryLogHandler queryLog;
    private final StatementHandlers statements;
    private final UploadHandler uploads;
    private final AppendHandler appends;

    public LakehouseApi(Authenticator authenticator, QueryHandler queries, QueryLogHandler queryLog, StatementHandlers statements,
                        UploadHandler uploads, AppendHandler appends) {
        this.authenticator = authenticator;
        this.queries = queries;
        this.queryLog = queryLog;
        this.statements = statements;
        this.uploads = uploads;
        this.appends = appends;
    }

    public List<Route> routes() {
        return List.of(
                new Route(POST, "/query", authenticated(queries::run)),
                new Route(GET, "/query/{id}", authenticated(queryLog::show)),
                new Route(DELETE, "/query/{id}", authenticated(queryLog::cancel)),
                new Route(POST, "/validate", authenticated(statements::validate)),
                new Route(POST, "/explain", authenticated(statements::explain)),
                new Route(POST, "/autocomplete", authenticated(statements::autocomplete)),
                new Route(POST, "/upload", authenticated(uploads::upload)),
                new Route(POST, "/upsert", authenticated(uploads::upsert)),
                new Route(POST, "/append", authenticated(appends::append)),
                new Route(GET, "/tasks/{id}", authenticated(appends::task)));
    }

    /** A handler that runs only for a caller with valid Basic credentials (401 otherwise). */
    private Handler authenticated(AuthenticatedHandler handler) {
        return context -> {
            Principal principal = authenticator.basic(Optional.ofNullable(context.header("Authorization")));
            handler.handle(context, principal);
        };
    }

    /** A route handler that is told who the caller is. */
    @FunctionalInterface
    interface AuthenticatedHandler {
        void handle(Context context, Principal principal) throws Exception;
    }
}
