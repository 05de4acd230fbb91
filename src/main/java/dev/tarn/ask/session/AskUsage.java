package dev.tarn.ask.session;

import dev.tarn.engine.SystemDatabase;

import java.util.List;
import java.util.Map;

/**
 * Questions counted per customer and user, durable: what a product team bills or budgets by.
 * {@code local_template} answers call no model, so their model calls and tokens are zero; the
 * columns are there for the modes that do.
 */
public final class AskUsage {
    private final SystemDatabase database;

    /** One customer and user's totals. */
    public record Totals(String customer, String user, long questions, long answered, long refused, long rows, long modelCalls) {
    }

    public AskUsage(SystemDatabase database) {
        this.database = database;
        database.update("""
                CREATE TABLE IF NOT EXISTS ask_usage (
                    project_id VARCHAR NOT NULL, customer VARCHAR NOT NULL, end_user VARCHAR NOT NULL, questions BIGINT NOT NULL, answered BIGINT NOT NULL,
                    refused BIGINT NOT NULL, rows_returned BIGINT NOT NULL, model_calls BIGINT NOT NULL, PRIMARY KEY (project_id, customer, end_user))""");
    }

    public Totals count(String projectId, String customer, String user, boolean answered, long rows) {
        database.update("""
                INSERT INTO ask_usage VALUES (?, ?, ?, 1, ?, ?, ?, 0)
                ON CONFLICT (project_id, customer, end_user) DO UPDATE SET questions = questions + 1, answered = answered + EXCLUDED.answered,
                    refused = refused + EXCLUDED.refused, rows_returned = rows_returned + EXCLUDED.rows_returned""",
                projectId, customer, user, answered ? 1 : 0, answered ? 0 : 1, rows);
        return of(projectId, customer).stream().filter(totals -> totals.user().equals(user)).findFirst().orElseThrow();
    }

    /** Every user of one customer of one project; nothing of any other customer or project. */
    public List<Totals> of(String projectId, String customer) {
        return database.query("SELECT * FROM ask_usage WHERE project_id = ? AND customer = ? ORDER BY end_user", projectId, customer).stream().map(AskUsage::totals).toList();
    }

    private static Totals totals(Map<String, Object> row) {
        return new Totals((String) row.get("customer"), (String) row.get("end_user"), ((Number) row.get("questions")).longValue(),
                ((Number) row.get("answered")).longValue(), ((Number) row.get("refused")).longValue(),
                ((Number) row.get("rows_returned")).longValue(), ((Number) row.get("model_calls")).longValue());
    }
}
