package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.sql.SqlQuery;

/** One interpretation turned into SQL, with its cost (lower is simpler), its plain-English reading and its confidence. */
public record Plan(SqlQuery query, double cost, String interpretation, double confidence) {
}
