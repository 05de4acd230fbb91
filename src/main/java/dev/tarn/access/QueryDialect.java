package dev.tarn.access;

/** The SQL dialects of the databases a question's SQL may run on, as row filtering must spell its predicates. */
public enum QueryDialect {
    DUCKDB('"'), POSTGRESQL('"'), MYSQL('`'), SQLITE('"');

    private final char identifierQuote;

    QueryDialect(char identifierQuote) {
        this.identifierQuote = identifierQuote;
    }

    /** An identifier in this dialect's quotes, the quote doubled inside it. */
    public String quote(String identifier) {
        String quote = String.valueOf(identifierQuote);
        return quote + identifier.replace(quote, quote + quote) + quote;
    }
}
