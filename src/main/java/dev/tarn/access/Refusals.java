package dev.tarn.access;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

/** The two ways a statement is refused by row scoping: not allowed at all, or not one we can make safe. */
final class Refusals {
    private Refusals() {
    }

    /** The statement would read or change rows of other users, or the hidden owner column. */
    static TarnException denied(String reason) {
        return new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: " + reason);
    }

    /** The statement cannot be scoped safely in the form it was written; the message says what to write instead. */
    static TarnException invalid(String reason) {
        return new TarnException(ErrorCode.INVALID_STATEMENT, reason);
    }
}
