package dev.tarn.access;

/** The comparisons a row filter may make, as AskTable documents them, with how many values each takes. */
public enum FilterOperator {
    EQUALS("="), NOT_EQUALS("<>"), GREATER(">"), LESS("<"), GREATER_OR_EQUAL(">="), LESS_OR_EQUAL("<="),
    IN("IN"), NOT_IN("NOT IN"), LIKE("LIKE"), NOT_LIKE("NOT LIKE"), IS_NULL("IS NULL"), IS_NOT_NULL("IS NOT NULL");

    private final String sql;

    FilterOperator(String sql) {
        this.sql = sql;
    }

    /** The operator as every supported dialect spells it. */
    public String sql() {
        return sql;
    }

    /** IN and NOT IN take a parenthesised list. */
    public boolean takesList() {
        return this == IN || this == NOT_IN;
    }

    /** IS NULL and IS NOT NULL take no value. */
    public boolean takesNoValue() {
        return this == IS_NULL || this == IS_NOT_NULL;
    }
}
