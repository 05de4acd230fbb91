package dev.tarn.access;

/** Decides, for each table a query reads, what the reader may see of it. */
@FunctionalInterface
public interface TableAccessRules {
    TableAccess access(TableReference table);

    /** Every table, every column, every row. */
    TableAccessRules EVERYTHING = table -> TableAccess.all();
}
