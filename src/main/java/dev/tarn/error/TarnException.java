package dev.tarn.error;

/** The one exception type Tarn throws on purpose: a code that fixes the kind, and a message for the caller. */
public final class TarnException extends RuntimeException {
    private final ErrorCode code;

    public TarnException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public TarnException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorKind kind() {
        return code.kind();
    }
}
