package dev.tarn.error;

/** What sort of failure an error is; the http package alone turns a kind into a status code. */
public enum ErrorKind {
    /** The request is malformed or names something invalid: the caller must change it. */
    INVALID_REQUEST,
    /** No credential, or one that does not match a user. */
    UNAUTHENTICATED,
    /** The caller is known but may not do this. */
    FORBIDDEN,
    /** The thing named does not exist. */
    NOT_FOUND,
    /** The request is well formed but cannot be carried out as asked (a question the engine cannot answer). */
    UNPROCESSABLE,
    /** The request conflicts with the current state (a name already taken). */
    CONFLICT,
    /** The request body or a part of it is larger than a configured limit. */
    TOO_LARGE,
    /** The caller sends too much too fast. */
    RATE_LIMITED,
    /** The server cannot take the request now (shutting down, no free connection); retry later. */
    UNAVAILABLE,
    /** Our own fault. */
    INTERNAL
}
