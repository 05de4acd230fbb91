package dev.tarn.http.realtime;

import dev.tarn.error.TarnException;

/** The WebSocket protocol's error codes (contract 2) for Tarn's errors. */
final class LiveErrorCodes {
    private LiveErrorCodes() {
    }

    static String code(TarnException error) {
        return switch (error.code()) {
            case LIVE_INVALID_SQL, INVALID_STATEMENT, SQL_ERROR -> "INVALID_SQL";
            case LIVE_UNSUPPORTED -> "UNSUPPORTED";
            case LIVE_INVALID_SUBSCRIPTION_ID -> "INVALID_SUBSCRIPTION_ID";
            case LIVE_SUBSCRIPTION_LIMIT -> "SUBSCRIPTION_LIMIT_EXCEEDED";
            case PERMISSION_DENIED -> "UNAUTHORIZED";
            case TABLE_MISSING, LIVE_SUBSCRIPTION_NOT_FOUND -> "NOT_FOUND";
            case LIVE_BATCH_FETCH_FAILED -> "BATCH_FETCH_FAILED";
            case INVALID_FIELD, MISSING_FIELD, INVALID_JSON -> "PROTOCOL";
            default -> "SUBSCRIPTION_FAILED";
        };
    }
}
