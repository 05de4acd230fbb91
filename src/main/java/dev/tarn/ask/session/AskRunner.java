package dev.tarn.ask.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.ask.ResultTable;
import dev.tarn.ask.ResultTableJson;
import dev.tarn.ask.chart.AnswerWriter;
import dev.tarn.ask.chart.Chart;
import dev.tarn.ask.chart.ChartKind;
import dev.tarn.ask.chart.ChartPlanner;
import dev.tarn.ask.keys.AskCaller;
import dev.tarn.ask.keys.AskPermission;
import dev.tarn.ask.nl.Translation;
import dev.tarn.ask.question.AskService;
import dev.tarn.ask.question.QuestionOutcome;
import dev.tarn.ask.question.QuestionRequest;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Answers one {@code /v1/ask} question as a sequence of events (contract section 2.3): session,
 * status, sql, table, answer_delta, insight, chart, usage, then done, or error for a question it
 * will not answer or a failure. Every event goes through the session, which keeps it for resuming.
 */
public final class AskRunner {
    private static final AnswerWriter ANSWERS = new AnswerWriter();
    private static final ChartPlanner CHARTS = new ChartPlanner();
    private static final Logger LOG = LoggerFactory.getLogger(AskRunner.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WORDS_PER_DELTA = 6;
    /** Rows an Ask answer carries at most: a conversation shows a table, it does not export one (the table event says truncated). */
    static final int MOST_ROWS = 1_000;

    private final AskService asks;
    private final AskSessions sessions;
    private final AskUsage usage;

    public AskRunner(AskService asks, AskSessions sessions, AskUsage usage) {
        this.asks = asks;
        this.sessions = sessions;
        this.usage = usage;
    }

    /** What a finished run sent, and the failure that ended it, if one did. */
    public record RunResult(List<AskEvent> events, Optional<TarnException> failure) {
    }

    /** Opens (or continues) the caller's session and claims it for this question; 409 while another runs. */
    public AskSession begin(AskCaller caller, AskRequest request) {
        caller.require(AskPermission.ASK);
        request.mode().requireAvailable();
        String boundCustomer = caller.roleVariables().get("customer");
        if (boundCustomer != null && !boundCustomer.equals(request.customer())) {
            throw new TarnException(ErrorCode.PERMISSION_DENIED, "This key or token asks only for customer '" + boundCustomer + "'");
        }
        AskSession session = sessions.open(request.sessionId(), request.customer(), request.user(), owner(caller), request.datasourceId());
        if (!session.start(request.question())) {
            throw new TarnException(ErrorCode.ASK_SESSION_BUSY, "Session " + session.id() + " is still answering its last question; wait for its done event");
        }
        return session;
    }

    /** The caller's session, for resuming a stream. */
    public AskSession find(AskCaller caller, String sessionId, String customer, String user) {
        caller.require(AskPermission.ASK);
        return sessions.find(sessionId, customer, user, owner(caller));
    }

    public RunResult run(AskCaller caller, AskSession session, AskRequest request) {
        List<AskEvent> sent = new ArrayList<>();
        boolean answered = false;
        long rows = 0;
        try {
            sent.add(session.emit("session", json().put("session_id", session.id()).put("customer", request.customer())
                    .put("user", request.user()).put("mode", request.mode().wireName()).put("table", request.datasourceId()).toString()));
            sent.add(session.emit("status", json().put("stage", "parse").toString()));
            QuestionRequest question = new QuestionRequest(request.datasourceId(), request.question(), request.roleId(),
                    request.scopedVariables(), session.earlierQuestions());
            // a key or token bound to a role takes its variables from the caller: the request's customer and user fill the rest
            AskCaller asking = caller.withDefaultVariables(Map.of("customer", request.customer(), "user", request.user()));
            QuestionOutcome outcome = asks.answer(asking, question, MOST_ROWS, translated -> {
                if (translated.translation() instanceof Translation.Answer answer) {
                    sent.add(session.emit("sql", sqlEvent(translated, answer).toString()));
                    sent.add(session.emit("status", json().put("stage", "execute").toString()));
                }
            });
            if (outcome.translation() instanceof Translation.Refusal refusal) {
                sent.add(session.emit("usage", usageEvent(usage.count(caller.projectId(), request.customer(), request.user(), false, 0)).toString()));
                TarnException unanswerable = new TarnException(ErrorCode.QUESTION_NOT_ANSWERED, refusal.message());
                sent.add(session.emit("error", refusalEvent(refusal).toString()));
                return new RunResult(sent, Optional.of(unanswerable));
            }
            ResultTable table = outcome.rows().orElseThrow();
            answered = true;
            rows = table.rows().size();
            sent.add(session.emit("table", tableEvent(table).toString()));
            sent.add(session.emit("status", json().put("stage", "narrate").toString()));
            String sentence = ANSWERS.sentence(outcome.answer().orElseThrow().interpretation(), table);
            for (String delta : deltas(sentence)) {
                sent.add(session.emit("answer_delta", json().put("text", delta).toString()));
            }
            ObjectNode insight = json();
            ArrayNode bullets = insight.putArray("bullets");
            ANSWERS.insights(table).forEach(bullets::add);
            sent.add(session.emit("insight", insight.toString()));
            Chart chart = CHARTS.plan(table, outcome.answer().orElseThrow().interpretation());
            if (chart.kind() != ChartKind.TABLE) {
                ObjectNode event = json().put("type", chart.kind().name().toLowerCase(Locale.ROOT)).put("title", chart.title());
                event.set("spec", chart.vegaLite());
                event.put("svg", chart.svg());
                sent.add(session.emit("chart", event.toString()));
            }
            sent.add(session.emit("usage", usageEvent(usage.count(caller.projectId(), request.customer(), request.user(), true, rows)).toString()));
            sent.add(session.emit("done", json().put("status", "answered").toString()));
            return new RunResult(sent, Optional.empty());
        } catch (TarnException failure) {
            if (!answered) {
                usage.count(caller.projectId(), request.customer(), request.user(), false, 0);
            }
            sent.add(session.emit("error", json().put("code", failure.code().name().toLowerCase(Locale.ROOT))
                    .put("message", failure.getMessage()).toString()));
            return new RunResult(sent, Optional.of(failure));
        } catch (RuntimeException bug) {
            LOG.error("event=ask_failed session={} message=\"{}\"", session.id(), bug.getMessage(), bug);
            TarnException failure = new TarnException(ErrorCode.INTERNAL_ERROR, "Internal error while answering");
            sent.add(session.emit("error", json().put("code", "internal_error").put("message", failure.getMessage()).toString()));
            return new RunResult(sent, Optional.of(failure));
        } finally {
            session.finish(request.question(), answered);
        }
    }

    private static ObjectNode sqlEvent(QuestionOutcome outcome, Translation.Answer answer) {
        ObjectNode event = json().put("sql", outcome.displaySql().orElse(answer.sql())).put("parameterized_sql", answer.sql());
        ArrayNode parameters = event.putArray("params");
        answer.parameters().forEach(value -> ResultTableJson.addValue(parameters, value));
        return event.put("dialect", outcome.dialect().name().toLowerCase(Locale.ROOT)).put("interpretation", answer.interpretation())
                .put("confidence", answer.confidence()).put("attempt", 1);
    }

    private static ObjectNode tableEvent(ResultTable table) {
        ObjectNode frame = ResultTableJson.dataframe(table);
        ObjectNode event = json();
        ArrayNode columns = event.putArray("columns");
        table.columns().forEach(column -> columns.addObject().put("name", column.name())
                .put("type", column.type().name().toLowerCase(Locale.ROOT)));
        event.set("rows", frame.get("content"));
        return event.put("truncated", table.truncated());
    }

    private static ObjectNode refusalEvent(Translation.Refusal refusal) {
        ObjectNode event = json().put("code", "unanswerable").put("reason", refusal.reason().name().toLowerCase(Locale.ROOT))
                .put("message", refusal.message());
        ArrayNode words = event.putArray("unplaced_words");
        refusal.unplacedWords().forEach(words::add);
        ArrayNode suggestions = event.putArray("suggestions");
        refusal.suggestions().forEach(suggestions::add);
        return event;
    }

    private static ObjectNode usageEvent(AskUsage.Totals totals) {
        return json().put("llm_calls", 0).put("tokens_in", 0).put("tokens_out", 0).put("cost", 0)
                .put("questions", totals.questions()).put("answered", totals.answered()).putNull("budget_remaining");
    }

    /** The sentence in short pieces, as a model's tokens would stream, so clients render it the same way. */
    static List<String> deltas(String sentence) {
        List<String> words = Arrays.asList(sentence.split("(?<= )"));
        List<String> deltas = new ArrayList<>();
        for (int start = 0; start < words.size(); start += WORDS_PER_DELTA) {
            deltas.add(String.join("", words.subList(start, Math.min(words.size(), start + WORDS_PER_DELTA))));
        }
        return deltas;
    }

    private static String owner(AskCaller caller) {
        return caller.keyId().orElse("administrator");
    }

    private static ObjectNode json() {
        return JSON.createObjectNode();
    }
}
