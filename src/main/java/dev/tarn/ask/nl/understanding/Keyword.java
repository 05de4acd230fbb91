package dev.tarn.ask.nl.understanding;

/** The finite vocabulary of words that carry query structure rather than naming data (after ThoughtSpot's keywords). */
public enum Keyword {
    COUNT, SUM, SHARE, GROWTH, AVERAGE, MINIMUM, MAXIMUM, MEDIAN, DISTINCT,
    GROUP_BY, FOR_EACH,
    HIGHEST, LOWEST, TOP, BOTTOM,
    GREATER, GREATER_OR_EQUAL, LESS, LESS_OR_EQUAL, EQUAL, BETWEEN, AND, NOT,
    /** "or", "nor": joins values of one column into a list. */
    OR,
    TODAY, YESTERDAY, LAST, THIS, IN, SINCE,
    DAY, WEEK, MONTH, QUARTER, YEAR,
    DAILY, WEEKLY, MONTHLY, QUARTERLY, YEARLY,
    /** "how long", "how big": asks for the measure of a dimension; which one is in the tag's text. */
    HOW_DIMENSION,
    /** "where": asks what the row is in, the row its foreign key refers to. */
    WHERE,
    /** A month's name; which month is in the tag's text. */
    MONTH_NAME,
    /** "q1" to "q4": a quarter of a year; which one is in the tag's text. */
    QUARTER_NAME,
    /** "year to date", "since the start of the year": from the first of January up to today. */
    YEAR_TO_DATE
}
