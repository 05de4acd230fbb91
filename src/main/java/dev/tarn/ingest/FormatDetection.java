package dev.tarn.ingest;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Locale;
import java.util.Optional;

/**
 * Decides the format of an uploaded file as the wire contract orders it: the Content-Type first,
 * then the legacy {@code format} hint, then the first bytes of the (decompressed) file. Media types
 * that say nothing about the content (octet-stream, text/plain, none) fall through to the bytes.
 */
public final class FormatDetection {
    private static final byte[] PARQUET_MAGIC = {'P', 'A', 'R', '1'};

    /** A format family as a client can name it; JSON becomes an array or a run of objects once the bytes are seen. */
    private enum Family { CSV, JSON, PARQUET }

    private FormatDetection() {
    }

    /**
     * The format of a file whose first bytes are {@code head[0..length)}.
     *
     * @throws TarnException 400 for an unknown format hint, or JSON that does not start with an object or array
     */
    public static FileFormat detect(Optional<String> contentType, Optional<String> formatHint, byte[] head, int length) {
        Optional<Family> declared = contentType.flatMap(FormatDetection::fromMediaType);
        if (declared.isEmpty()) {
            declared = formatHint.filter(hint -> !hint.isBlank()).map(FormatDetection::fromHint);
        }
        Family family = declared.orElseGet(() -> sniff(head, length));
        return switch (family) {
            case CSV -> FileFormat.CSV;
            case PARQUET -> FileFormat.PARQUET;
            case JSON -> jsonShape(head, length);
        };
    }

    private static Optional<Family> fromMediaType(String header) {
        String mediaType = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (mediaType) {
            case "application/json", "text/json", "application/x-ndjson", "application/ndjson", "application/jsonl",
                 "application/x-jsonlines", "application/jsonlines" -> Optional.of(Family.JSON);
            case "text/csv", "application/csv", "text/x-csv", "text/tab-separated-values" -> Optional.of(Family.CSV);
            case "application/parquet", "application/vnd.apache.parquet", "application/x-parquet" -> Optional.of(Family.PARQUET);
            default -> mediaType.endsWith("+json") ? Optional.of(Family.JSON) : Optional.empty();
        };
    }

    private static Family fromHint(String hint) {
        return switch (hint.trim().toLowerCase(Locale.ROOT)) {
            case "csv" -> Family.CSV;
            case "json", "jsonl", "ndjson" -> Family.JSON;
            case "parquet" -> Family.PARQUET;
            default -> throw new TarnException(ErrorCode.INVALID_FIELD, "Unknown format '" + hint
                    + "': use csv, json or parquet, or leave format out to have the file's format detected");
        };
    }

    private static Family sniff(byte[] head, int length) {
        if (startsWith(head, length, PARQUET_MAGIC)) {
            return Family.PARQUET;
        }
        int first = firstSignificantByte(head, length);
        return first == '{' || first == '[' ? Family.JSON : Family.CSV;
    }

    private static FileFormat jsonShape(byte[] head, int length) {
        int first = firstSignificantByte(head, length);
        if (first == '[') {
            return FileFormat.JSON_ARRAY;
        }
        if (first == '{') {
            return FileFormat.JSON_OBJECTS;
        }
        throw new TarnException(ErrorCode.UNREADABLE_FILE,
                "The JSON body must hold objects: send an array of objects, or one object per line");
    }

    /** The first byte after a UTF-8 byte order mark and white space, or -1 when there is none. */
    static int firstSignificantByte(byte[] head, int length) {
        int start = startsWith(head, length, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}) ? 3 : 0;
        for (int i = start; i < length; i++) {
            int value = head[i] & 0xFF;
            if (value != ' ' && value != '\t' && value != '\r' && value != '\n') {
                return value;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] head, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
