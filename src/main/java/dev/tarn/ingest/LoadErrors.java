package dev.tarn.ingest;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

/**
 * Turns the engine's failures while reading or loading an uploaded file into answers for the
 * caller. A file that DuckDB cannot read or convert is the caller's to fix (400, DuckDB's message
 * kept, the server's paths taken out); running out of memory or a concurrent write is not, and
 * gets a status that says so.
 */
final class LoadErrors {
    private LoadErrors() {
    }

    /** {@code failure} as the error to report, with {@code context} (what was being done) in front of the engine's message. */
    static TarnException translate(TarnException failure, ErrorCode code, String context, StagedFile file) {
        if (failure.code() != ErrorCode.SQL_ERROR) {
            return failure;
        }
        String message = engineMessage(failure.getMessage(), file);
        if (message.contains("Out of Memory Error")) {
            return new TarnException(ErrorCode.ENGINE_OUT_OF_MEMORY, "The engine ran out of memory loading the file; retry later or send it in parts ("
                    + message + ")", failure);
        }
        if (message.contains("write-write conflict") || message.contains("Conflict on")) {
            return new TarnException(ErrorCode.WRITE_CONFLICT, "Another write changed the table at the same time; send the file again ("
                    + message + ")", failure);
        }
        return new TarnException(code, context + ": " + message, failure);
    }

    /** DuckDB's message without the echoed SQL (it names the staged file) and with the file's path replaced. */
    private static String engineMessage(String raw, StagedFile file) {
        String message = raw == null ? "" : raw;
        int echoedStatement = message.indexOf("\nLINE ");
        if (echoedStatement >= 0) {
            message = message.substring(0, echoedStatement);
        }
        return message.replace(file.path().toString(), "upload" + file.format().suffix()).strip();
    }
}
