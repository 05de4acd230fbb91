package dev.tarn.ingest;

/**
 * The field delimiter of an uploaded CSV file, told from its header row. DuckDB's own dialect sniffer
 * is not used for it because, faced with a ragged or badly quoted file, it settles on a reading that
 * puts each whole line into one column and loads garbage without an error; with the dialect pinned
 * (this delimiter, double quotes, header row) read_csv stays strict and rejects such files.
 */
public record CsvDialect(char delimiter) {
    /** Delimiters in order of preference when the header has as many of one as of another. */
    private static final char[] CANDIDATES = {',', ';', '\t', '|'};

    /** The plain comma-separated dialect. */
    public static final CsvDialect COMMA = new CsvDialect(',');

    public CsvDialect {
        boolean known = false;
        for (char candidate : CANDIDATES) {
            known |= candidate == delimiter;
        }
        if (!known) {
            throw new IllegalArgumentException("unsupported CSV delimiter: " + delimiter);
        }
    }

    /** The delimiter that occurs most often, outside quotes, in the first line of {@code head[0..length)}; a comma if none does. */
    public static CsvDialect of(byte[] head, int length) {
        int[] counts = new int[CANDIDATES.length];
        boolean quoted = false;
        for (int i = 0; i < length; i++) {
            byte value = head[i];
            if (value == '"') {
                quoted = !quoted;
            } else if (!quoted && (value == '\n' || value == '\r')) {
                break;
            } else if (!quoted) {
                for (int c = 0; c < CANDIDATES.length; c++) {
                    if (value == CANDIDATES[c]) {
                        counts[c]++;
                    }
                }
            }
        }
        int best = 0;
        for (int c = 1; c < CANDIDATES.length; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        return new CsvDialect(CANDIDATES[best]);
    }
}
