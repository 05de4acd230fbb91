package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.ask.keys.AskAuthentication;
import dev.tarn.ask.keys.AskCaller;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.http.ErrorResponses;
import dev.tarn.http.JsonBody;
import dev.tarn.http.Route;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * Route plumbing shared by every AskTable handler: each route is served under {@code /v1/…} and,
 * as the self-hosted image exposes it behind its proxy, under {@code /api/v1/…}; the caller is
 * authenticated before the handler runs; errors leave as FastAPI's {@code {"detail": …}} (plus our
 * {@code code}), which the SDK's typed exceptions read.
 */
public final class AskTableRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AskTableRoutes.class);

    private final AskAuthentication authentication;

    public AskTableRoutes(AskAuthentication authentication) {
        this.authentication = authentication;
    }

    /** A handler told who calls. */
    @FunctionalInterface
    public interface CallerHandler {
        void handle(Context context, AskCaller caller) throws Exception;
    }

    /** A handler that needs no caller (it authenticates itself, or is public). */
    @FunctionalInterface
    public interface PlainHandler {
        void handle(Context context) throws Exception;
    }

    /** The two routes of one AskTable endpoint; {@code path} starts after {@code /v1}, e.g. {@code /datasources/{id}}. */
    public List<Route> authenticated(HandlerType method, String path, CallerHandler handler) {
        return both(method, path, context -> handler.handle(context, caller(context)));
    }

    public List<Route> both(HandlerType method, String path, PlainHandler handler) {
        io.javalin.http.Handler wrapped = context -> {
            try {
                handler.handle(context);
            } catch (TarnException e) {
                writeError(context, e);
            } catch (Exception e) {
                LOG.error("event=asktable_unhandled_error path={} message=\"{}\"", context.path(), e.getMessage(), e);
                writeError(context, new TarnException(ErrorCode.INTERNAL_ERROR, "Internal server error"));
            }
        };
        return List.of(new Route(method, "/v1" + path, wrapped), new Route(method, "/api/v1" + path, wrapped));
    }

    public AskCaller caller(Context context) {
        return authentication.authenticate(Optional.ofNullable(context.header("Authorization")), Optional.ofNullable(context.header("Origin")));
    }

    /** The AskTable error body: {"detail": message, "code": CODE}. */
    public static void writeError(Context context, TarnException error) {
        int status = ErrorResponses.status(error.kind());
        if (status == 503 || status == 429) {
            context.header("Retry-After", "1");
        }
        ObjectNode body = JsonBody.MAPPER.createObjectNode().put("detail", error.getMessage()).put("code", error.code().name());
        context.status(status).contentType("application/json").result(body.toString());
    }
}
