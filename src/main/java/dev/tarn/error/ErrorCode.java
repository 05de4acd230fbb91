package dev.tarn.error;

/** Every error Tarn can report, with its kind and a default message that says what to change. */
public enum ErrorCode {
    INVALID_JSON(ErrorKind.INVALID_REQUEST, "The request body is not valid JSON"),
    INVALID_FIELD(ErrorKind.INVALID_REQUEST, "A request field has an invalid value"),
    MISSING_FIELD(ErrorKind.INVALID_REQUEST, "A required request field is missing"),
    UNSUPPORTED_FORMAT(ErrorKind.INVALID_REQUEST, "Unsupported query format"),
    INVALID_QUERY_ID(ErrorKind.INVALID_REQUEST, "The query id is not a UUID"),
    INVALID_STATEMENT(ErrorKind.INVALID_REQUEST, "The statement cannot be run"),
    SQL_ERROR(ErrorKind.INVALID_REQUEST, "The statement failed"),
    STATEMENT_TOO_LARGE(ErrorKind.TOO_LARGE, "The request body is larger than the configured limit"),
    AUTHENTICATION_REQUIRED(ErrorKind.UNAUTHENTICATED, "Authentication required"),
    INVALID_CREDENTIALS(ErrorKind.UNAUTHENTICATED, "Invalid user name or password"),
    PERMISSION_DENIED(ErrorKind.FORBIDDEN, "Permission denied"),
    QUERY_NOT_FOUND(ErrorKind.NOT_FOUND, "No query with this id"),
    ROUTE_NOT_FOUND(ErrorKind.NOT_FOUND, "No such endpoint"),
    USER_NOT_FOUND(ErrorKind.NOT_FOUND, "No such user"),
    CATALOG_NOT_FOUND(ErrorKind.NOT_FOUND, "No such catalog"),
    USER_EXISTS(ErrorKind.CONFLICT, "A user with this name already exists"),
    CATALOG_EXISTS(ErrorKind.CONFLICT, "A catalog with this name already exists"),
    INVALID_PASSWORD(ErrorKind.INVALID_REQUEST, "The password does not meet the password rules"),
    QUERY_CANCELLED(ErrorKind.INVALID_REQUEST, "The query was cancelled"),
    ENGINE_BUSY(ErrorKind.UNAVAILABLE, "All engine connections are busy; retry shortly"),
    SHUTTING_DOWN(ErrorKind.UNAVAILABLE, "The server is shutting down"),
    INVALID_CONFIGURATION(ErrorKind.INVALID_REQUEST, "The configuration is invalid"),
    EMPTY_BODY(ErrorKind.INVALID_REQUEST, "The body is empty: send a CSV, JSON or Parquet file"),
    INCOMPLETE_BODY(ErrorKind.INVALID_REQUEST, "The upload ended before the whole file arrived; send it again"),
    UNREADABLE_FILE(ErrorKind.INVALID_REQUEST, "The uploaded file cannot be read"),
    INCOMPATIBLE_FILE(ErrorKind.INVALID_REQUEST, "The uploaded file does not fit its table"),
    UNKNOWN_COLUMN(ErrorKind.INVALID_REQUEST, "A column named in the request is not in the file"),
    CATALOG_MISSING(ErrorKind.INVALID_REQUEST, "The catalog does not exist"),
    TABLE_MISSING(ErrorKind.INVALID_REQUEST, "The table does not exist"),
    TABLE_ALREADY_EXISTS(ErrorKind.INVALID_REQUEST, "The table already exists"),
    WRITE_CONFLICT(ErrorKind.CONFLICT, "Another write changed the same table at the same time; send the request again"),
    ENGINE_OUT_OF_MEMORY(ErrorKind.UNAVAILABLE, "The engine ran out of memory; retry later or send a smaller file"),
    STAGING_FAILED(ErrorKind.INTERNAL, "The upload could not be written to the staging folder"),
    APPEND_INVALID_DATA(ErrorKind.INVALID_REQUEST, "The appended data is not valid"),
    APPEND_INCOMPATIBLE_SCHEMA(ErrorKind.INVALID_REQUEST, "The appended data does not fit the table"),
    APPEND_TOO_LARGE(ErrorKind.TOO_LARGE, "The append body is larger than the configured limit"),
    TASK_NOT_FOUND(ErrorKind.NOT_FOUND, "No task with this id"),
    INVALID_TASK_ID(ErrorKind.INVALID_REQUEST, "The task id is not a UUID"),
    REALTIME_EMPTY_SQL(ErrorKind.INVALID_REQUEST, "The SQL is empty"),
    REALTIME_PARAMS_WITH_BATCH(ErrorKind.INVALID_REQUEST, "Parameters cannot be used with several statements"),
    REALTIME_INVALID_PARAMETER(ErrorKind.INVALID_REQUEST, "A parameter is not valid"),
    REALTIME_RATE_LIMITED(ErrorKind.RATE_LIMITED, "Too many requests"),
    INVALID_TOKEN(ErrorKind.UNAUTHENTICATED, "The token is not valid; log in again"),
    TOKEN_EXPIRED(ErrorKind.UNAUTHENTICATED, "The token has expired; refresh it or log in again"),
    TOKEN_REVOKED(ErrorKind.UNAUTHENTICATED, "The session of this token was ended; log in again"),
    USER_DELETED(ErrorKind.UNAUTHENTICATED, "The user of this token no longer exists"),
    ROLE_CHANGED(ErrorKind.UNAUTHENTICATED, "The user's role changed after the token was issued; log in again"),
    ACCOUNT_LOCKED(ErrorKind.UNAUTHENTICATED, "Too many failed logins: the account is locked for a while"),
    SETUP_REQUIRED(ErrorKind.UNAUTHENTICATED, "The server needs its initial setup: POST /v1/api/auth/setup"),
    REMOTE_ACCESS_DENIED(ErrorKind.FORBIDDEN, "This endpoint answers only callers on the server's own machine"),
    ALREADY_CONFIGURED(ErrorKind.CONFLICT, "The server has already been set up"),
    INVALID_USER_NAME(ErrorKind.INVALID_REQUEST, "The user name is not valid"),
    INVALID_EMAIL(ErrorKind.INVALID_REQUEST, "The email address is not valid"),
    AUTH_RATE_LIMITED(ErrorKind.RATE_LIMITED, "Too many authentication requests; retry shortly"),
    FILE_TOO_LARGE(ErrorKind.INVALID_REQUEST, "A file is larger than the upload limit"),
    TOO_MANY_FILES(ErrorKind.INVALID_REQUEST, "The request holds more files than the upload limit"),
    INVALID_MIME_TYPE(ErrorKind.INVALID_REQUEST, "The file's MIME type is not allowed"),
    MISSING_FILE(ErrorKind.INVALID_REQUEST, "A FILE(\"…\") placeholder has no file:… part"),
    EXTRA_FILE(ErrorKind.INVALID_REQUEST, "A file:… part has no FILE(\"…\") placeholder"),
    FILE_NOT_FOUND(ErrorKind.NOT_FOUND, "No such file"),
    TOPIC_NOT_FOUND(ErrorKind.NOT_FOUND, "No such topic"),
    TOPIC_EXISTS(ErrorKind.CONFLICT, "A topic with this name already exists"),
    LIVE_INVALID_SQL(ErrorKind.INVALID_REQUEST, "The subscription query is not a valid SELECT of one table"),
    LIVE_UNSUPPORTED(ErrorKind.INVALID_REQUEST, "The subscription query uses something live queries do not support"),
    LIVE_INVALID_SUBSCRIPTION_ID(ErrorKind.INVALID_REQUEST, "The subscription id is missing, unknown or already in use"),
    LIVE_SUBSCRIPTION_NOT_FOUND(ErrorKind.NOT_FOUND, "No live query with this id"),
    LIVE_SUBSCRIPTION_LIMIT(ErrorKind.RATE_LIMITED, "Too many live subscriptions"),
    LIVE_SUBSCRIPTION_FAILED(ErrorKind.UNAVAILABLE, "The subscription cannot follow its table any more; subscribe again"),
    LIVE_BATCH_FETCH_FAILED(ErrorKind.INVALID_REQUEST, "The next batch of initial data could not be read"),
    // questions, training pairs, synonyms and ask sessions
    QUESTION_NOT_ANSWERED(ErrorKind.UNPROCESSABLE, "The question could not be answered; see the words it could not place and the suggestions"),
    TRAINING_PAIR_NOT_FOUND(ErrorKind.NOT_FOUND, "No training pair with this id"),
    TRAINING_PAIR_INVALID(ErrorKind.INVALID_REQUEST, "The training pair's SQL cannot run on its datasource"),
    SYNONYM_NOT_FOUND(ErrorKind.NOT_FOUND, "No synonym with this id"),
    ASK_SESSION_NOT_FOUND(ErrorKind.NOT_FOUND, "No ask session with this id for this customer and user"),
    ASK_SESSION_BUSY(ErrorKind.CONFLICT, "The session is still answering its last question"),
    ASK_MODE_FORBIDDEN(ErrorKind.FORBIDDEN, "This privacy mode is not available"),
    // AskTable API keys, temporary tokens and Ask API keys (dev.tarn.ask.keys)
    ASK_KEY_INVALID(ErrorKind.UNAUTHENTICATED, "The API key is unknown or was deleted; ask an administrator for a new one"),
    ASK_TOKEN_INVALID(ErrorKind.UNAUTHENTICATED, "The token is not valid; ask the application for a new one"),
    ASK_TOKEN_EXPIRED(ErrorKind.UNAUTHENTICATED, "The token has expired; ask the application for a new one"),
    ASK_ORIGIN_NOT_ALLOWED(ErrorKind.FORBIDDEN, "This publishable key is not allowed from this origin"),
    ASK_ROLE_TOO_STRONG(ErrorKind.FORBIDDEN, "A key may not mint a token stronger than itself"),
    ASK_KEY_NOT_FOUND(ErrorKind.NOT_FOUND, "No API key with this id"),
    // AskTable datasources, their metadata and value indexes (ask-sources)
    DATASOURCE_NOT_FOUND(ErrorKind.NOT_FOUND, "No datasource with this id"),
    DATASOURCE_ENGINE_UNKNOWN(ErrorKind.INVALID_REQUEST, "The datasource engine is not one Tarn can reach"),
    DATASOURCE_CONFIG_INVALID(ErrorKind.INVALID_REQUEST, "The datasource's access_config is invalid"),
    DATASOURCE_CONNECTION_FAILED(ErrorKind.INVALID_REQUEST, "The datasource cannot be reached with its access_config"),
    DATASOURCE_FILE_INVALID(ErrorKind.INVALID_REQUEST, "The uploaded file cannot be read as this datasource's kind of file"),
    DATASOURCE_FILE_NOT_FOUND(ErrorKind.NOT_FOUND, "No file with this id in the datasource"),
    DATASOURCE_META_MISSING(ErrorKind.INVALID_REQUEST, "The datasource's metadata has not been synced yet"),
    DATASOURCE_FIELD_NOT_FOUND(ErrorKind.NOT_FOUND, "No such schema, table or field in the datasource's metadata"),
    DATASOURCE_QUERY_REFUSED(ErrorKind.INVALID_REQUEST, "Only one read-only query may run on a datasource"),
    VALUE_INDEX_NOT_FOUND(ErrorKind.NOT_FOUND, "No value index with this id"),
    VALUE_INDEX_NOT_TEXT(ErrorKind.INVALID_REQUEST, "Value indexes are built on text fields only"),
    // AskTable roles, policies and row filters (branch ask-policies)
    ASK_ROLE_NOT_FOUND(ErrorKind.NOT_FOUND, "No role with this id"),
    ASK_POLICY_NOT_FOUND(ErrorKind.NOT_FOUND, "No policy with this id"),
    ASK_INVALID_POLICY(ErrorKind.INVALID_REQUEST, "The policy is not valid"),
    ROW_FILTER_INVALID(ErrorKind.INVALID_REQUEST, "A row filter is not valid"),
    ROW_FILTER_VARIABLE_MISSING(ErrorKind.INVALID_REQUEST, "A variable the role's row filters need has no value"),
    TABLE_NOT_VISIBLE(ErrorKind.FORBIDDEN, "The role may not read this table"),
    QUESTION_SQL_REFUSED(ErrorKind.FORBIDDEN, "Only one SELECT that reads tables may run here"),
    INTERNAL_ERROR(ErrorKind.INTERNAL, "Internal server error");

    private final ErrorKind kind;
    private final String defaultMessage;

    ErrorCode(ErrorKind kind, String defaultMessage) {
        this.kind = kind;
        this.defaultMessage = defaultMessage;
    }

    public ErrorKind kind() {
        return kind;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    /** A new exception with this code and a message specific to the failure. */
    public TarnException exception(String message) {
        return new TarnException(this, message);
    }

    public TarnException exception() {
        return new TarnException(this, defaultMessage);
    }
}
