package dev.tarn.ask.question;

import dev.tarn.ask.AskIds;
import dev.tarn.ask.nl.model.ColumnReference;
import dev.tarn.ask.nl.model.Synonyms;
import dev.tarn.engine.SystemDatabase;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The linguistic schema administrators add to a datasource (Power BI Q&A style): terms naming tables
 * or columns and phrasings standing for filters. Durable; versioned so cached engines are rebuilt.
 */
public final class SynonymStore {
    public static final int MAXIMUM_PHRASE_LENGTH = 100;
    public static final int MAXIMUM_VALUE_LENGTH = 1_000;

    private final SystemDatabase database;
    private final AtomicLong version = new AtomicLong();

    public SynonymStore(SystemDatabase database) {
        this.database = database;
        database.update("""
                CREATE TABLE IF NOT EXISTS ask_synonyms (
                    id VARCHAR PRIMARY KEY, datasource_id VARCHAR NOT NULL, phrase VARCHAR NOT NULL,
                    table_name VARCHAR NOT NULL, column_name VARCHAR, filter_value VARCHAR, created_at TIMESTAMP NOT NULL,
                    comparison VARCHAR, number VARCHAR)""");
    }

    public long version() {
        return version.get();
    }

    public SynonymRecord add(String datasourceId, String phrase, String table, Optional<String> column, Optional<String> value) {
        return add(datasourceId, phrase, table, column, value, Optional.empty());
    }

    public SynonymRecord add(String datasourceId, String phrase, String table, Optional<String> column, Optional<String> value,
                             Optional<SynonymRecord.Comparison> comparison) {
        String cleaned = phrase == null ? "" : phrase.trim();
        if (cleaned.isEmpty() || cleaned.length() > MAXIMUM_PHRASE_LENGTH) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "phrase must be 1 to " + MAXIMUM_PHRASE_LENGTH + " characters");
        }
        if (value.filter(text -> text.length() > MAXIMUM_VALUE_LENGTH).isPresent()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "value is one value of the column: at most " + MAXIMUM_VALUE_LENGTH
                    + " characters, not " + value.get().length());
        }
        if ((value.isPresent() || comparison.isPresent()) && column.isEmpty()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "a filter or comparison phrasing needs its column: send column too");
        }
        if (value.isPresent() && comparison.isPresent()) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "a phrasing is either a value (value) or a comparison (operator and number), not both");
        }
        String id = AskIds.next("syn_");
        database.update("INSERT INTO ask_synonyms VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, datasourceId, cleaned, table,
                column.orElse(null), value.orElse(null), LocalDateTime.now(ZoneOffset.UTC),
                comparison.map(compared -> compared.operator().name()).orElse(null),
                comparison.map(compared -> compared.number().toPlainString()).orElse(null));
        version.incrementAndGet();
        return list(datasourceId).stream().filter(synonym -> synonym.id().equals(id)).findFirst().orElseThrow();
    }

    public List<SynonymRecord> list(String datasourceId) {
        return database.query("SELECT * FROM ask_synonyms WHERE datasource_id = ? ORDER BY created_at, id", datasourceId)
                .stream().map(SynonymStore::synonym).toList();
    }

    public void delete(String datasourceId, String id) {
        if (database.update("DELETE FROM ask_synonyms WHERE datasource_id = ? AND id = ?", datasourceId, id) == 0) {
            throw new TarnException(ErrorCode.SYNONYM_NOT_FOUND, "No synonym " + id + " on datasource " + datasourceId);
        }
        version.incrementAndGet();
    }

    /** The datasource's phrasings as the engine reads them. */
    public Synonyms synonyms(String datasourceId) {
        List<SynonymRecord> all = list(datasourceId);
        return new Synonyms(
                all.stream().filter(synonym -> synonym.value().isEmpty() && synonym.comparison().isEmpty())
                        .map(synonym -> new Synonyms.TermSynonym(synonym.phrase(), synonym.table(), synonym.column())).toList(),
                all.stream().filter(synonym -> synonym.value().isPresent())
                        .map(synonym -> new Synonyms.FilterPhrasing(synonym.phrase(),
                                new ColumnReference(synonym.table(), synonym.column().orElseThrow()), synonym.value().orElseThrow())).toList(),
                all.stream().filter(synonym -> synonym.comparison().isPresent())
                        .map(synonym -> new Synonyms.ConditionPhrasing(synonym.phrase(), new ColumnReference(synonym.table(),
                                synonym.column().orElseThrow()), synonym.comparison().get().operator(), synonym.comparison().get().number()))
                        .toList());
    }

    private static SynonymRecord synonym(Map<String, Object> row) {
        return new SynonymRecord((String) row.get("id"), (String) row.get("datasource_id"), (String) row.get("phrase"),
                (String) row.get("table_name"), Optional.ofNullable((String) row.get("column_name")),
                Optional.ofNullable((String) row.get("filter_value")),
                Optional.ofNullable((String) row.get("comparison")).map(operator -> new SynonymRecord.Comparison(
                        dev.tarn.ask.nl.sql.ComparisonOperator.valueOf(operator), new java.math.BigDecimal((String) row.get("number")))),
                TrainingStore.instant(row.get("created_at")));
    }
}
