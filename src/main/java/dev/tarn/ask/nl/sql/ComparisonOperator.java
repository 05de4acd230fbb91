package dev.tarn.ask.nl.sql;

/** Comparison operators with their SQL spelling, which is the same in every supported dialect. */
public enum ComparisonOperator {
    EQUAL("="), NOT_EQUAL("<>"), GREATER(">"), GREATER_OR_EQUAL(">="), LESS("<"), LESS_OR_EQUAL("<=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
