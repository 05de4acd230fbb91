package dev.tarn.ask.nl.sql;

/** The periods a question can group or filter dates by. */
public enum DateGrain {
    DAY, WEEK, MONTH, QUARTER, YEAR
}
