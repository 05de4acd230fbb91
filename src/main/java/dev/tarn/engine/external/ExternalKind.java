package dev.tarn.engine.external;

/** The databases Tarn reaches through their own JDBC drivers, each answering in its own dialect. */
public enum ExternalKind {
    POSTGRESQL('"'), MYSQL('`'), SQLITE('"'), DUCKDB('"');

    private final char identifierQuote;

    ExternalKind(char identifierQuote) {
        this.identifierQuote = identifierQuote;
    }

    /** An identifier in this database's quotes, the quote doubled inside it. */
    public String quote(String identifier) {
        String quote = String.valueOf(identifierQuote);
        return quote + identifier.replace(quote, quote + quote) + quote;
    }

    /** Whether the database is a file on this server rather than a server reached over the network. */
    public boolean isFile() {
        return this == SQLITE || this == DUCKDB;
    }
}
