package dev.tarn.http.realtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.ErrorKind;
import dev.tarn.error.TarnException;
import dev.tarn.http.ErrorResponses;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error shape of the auth and health endpoints: {@code {"error":"unauthorized|forbidden|…","message":"…"}},
 * where {@code error} is a short lower-case name clients switch on.
 */
final class AuthErrors {
    /** HTTP 428 Precondition Required: the realtime API's answer to logging in before the setup. */
    static final int SETUP_REQUIRED_STATUS = 428;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(AuthErrors.class);

    private AuthErrors() {
    }

    static void write(Context context, TarnException error) {
        if (error.kind() == ErrorKind.INTERNAL) {
            LOG.error("event=auth_error path={} message=\"{}\"", context.path(), error.getMessage(), error);
            write(context, 500, "internal_error", "Internal server error");
            return;
        }
        int status = error.code() == ErrorCode.SETUP_REQUIRED ? SETUP_REQUIRED_STATUS : ErrorResponses.status(error.kind());
        write(context, status, name(error.code()), error.getMessage());
    }

    static void write(Context context, int status, String error, String message) {
        String body = JSON.createObjectNode().put("error", error).put("message", message).toString();
        context.status(status).contentType("application/json").result(body);
    }

    /** The realtime API's names for our codes; codes without their own name are named by kind. */
    static String name(ErrorCode code) {
        return switch (code) {
            case SETUP_REQUIRED -> "setup_required";
            case ACCOUNT_LOCKED -> "account_locked";
            case ALREADY_CONFIGURED -> "already_configured";
            case USER_EXISTS -> "user_exists";
            case INVALID_PASSWORD -> "weak_password";
            case INVALID_USER_NAME -> "invalid_user";
            default -> switch (code.kind()) {
                case UNAUTHENTICATED -> "unauthorized";
                case FORBIDDEN -> "forbidden";
                case RATE_LIMITED -> "rate_limited";
                case INVALID_REQUEST, TOO_LARGE -> "invalid_request";
                case NOT_FOUND -> "not_found";
                case CONFLICT -> "conflict";
                case UNAVAILABLE -> "unavailable";
                default -> "internal_error";
            };
        };
    }
}
