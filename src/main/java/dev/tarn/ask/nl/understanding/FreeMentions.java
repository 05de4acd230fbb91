package dev.tarn.ask.nl.understanding;

import java.util.List;
import java.util.Optional;

import static dev.tarn.ask.nl.understanding.GrammarContext.onlyColumns;
import static dev.tarn.ask.nl.understanding.GrammarContext.onlyNames;
import static dev.tarn.ask.nl.understanding.GrammarContext.onlyTables;

/**
 * Mentions no keyword takes: qualified by a table before them ("customer names"), listed with the
 * value before them ("france or germany"), marked as asked for, named or possessed by the words
 * before them ("which state", "named acme", "with rivers"), and refused when two names side by side
 * or a chain of columns would need a guess.
 */
final class FreeMentions {
    private static final java.util.Set<String> NAMING_WORDS = java.util.Set.of("named", "called");
    private static final java.util.Set<String> POSSESSIVE_WORDS = java.util.Set.of("have", "has", "had", "with");
    private static final java.util.Set<String> ARTICLES = java.util.Set.of("a", "an", "any", "the");

    private final GrammarContext context;
    private Optional<String> lastFreeColumn = Optional.empty();
    /** Set by "and": two columns with "and" between them are a list, not a chain. */
    boolean andSinceLastColumn;
    /** Whether the table that just qualified a column ("which state capital") was what a question word asked for. */
    private boolean qualifiedAsked;

    FreeMentions(GrammarContext context) {
        this.context = context;
    }

    /**
     * "the highest monthly price of any plan", "the average amount of any order": "any" before a table
     * after a superlative or an aggregate means all its rows, which the measure already ranges over.
     */
    boolean anyOfTable(Tag.MentionTag mention) {
        int original = context.originalPositions[context.position - 1];
        boolean afterAny = original > 0 && context.allTags.get(original - 1) instanceof Tag.StopTag stop && stop.text().equals("any");
        return afterAny && (context.ranking.isPresent() || context.aggregate.isPresent())
                && mention.meanings().stream().allMatch(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.TableMeaning);
    }

    /** A mention no keyword took: the interpreter decides whether it is asked for or filters. */
    void read(Tag.MentionTag named) {
        Tag.MentionTag mention = qualifiedByTableBefore(named);
        if (mention == named) refuseCompoundOfColumns(mention);
        refuseChainOfColumns(mention);
        listedAfterPreviousValue(mention).ifPresent(connective -> context.listedValues.put(context.free.size(), connective));
        context.free.add(new Mention(mention.text(), mention.meanings(), false, qualifiedAsked || context.followsQuestionWord(),
                followsNamingWord(), followsPossessiveWord()));
        qualifiedAsked = false;
    }

    /**
     * "customer names", "city population": a table name right before a name of one of its columns
     * qualifies the column; the two become one mention of that table's column.
     */
    private Tag.MentionTag qualifiedByTableBefore(Tag.MentionTag mention) {
        int previous = context.position - 2;
        if (previous < 0 || context.originalPositions[previous] + 1 != context.originalPositions[context.position - 1]) return mention;
        if (!(context.tags.get(previous) instanceof Tag.MentionTag before) || context.free.isEmpty()
                || !context.free.getLast().text().equals(before.text())) return mention;
        java.util.Set<String> tablesBefore = new java.util.HashSet<>();
        for (var meaning : before.meanings()) {
            if (!(meaning instanceof dev.tarn.ask.nl.model.Meaning.TableMeaning table)) return mention;
            tablesBefore.add(table.table());
        }
        List<dev.tarn.ask.nl.model.Meaning> columns = mention.meanings().stream()
                .filter(meaning -> meaning instanceof dev.tarn.ask.nl.model.Meaning.ColumnMeaning column && tablesBefore.contains(column.column().table()))
                .toList();
        if (columns.isEmpty()) return mention;
        Tag.MentionTag qualified = new Tag.MentionTag(columns, before.text() + " " + mention.text());
        // "clients named acme": the column locates the value after it, and the table stays what is asked for
        if (context.locatesNextValue(qualified)) return mention;
        qualifiedAsked = context.free.removeLast().asked();
        return qualified;
    }

    /**
     * "population density", "capital cities": a column name next to another column or table name is
     * one compound name the model does not know, not two things; guessing which one is meant (or
     * both) would answer a different question. A table and a column pass when a value follows
     * ("states border texas": the column locates the value); two table names pass too, and the
     * interpreter relates them or refuses.
     */
    private void refuseCompoundOfColumns(Tag.MentionTag mention) {
        int previous = context.position - 2;
        if (previous < 0 || context.originalPositions[previous] + 1 != context.originalPositions[context.position - 1]) return;
        if (context.datedAfter(context.position)) return; // "accounts signed up in 2024": a time column's verb before its dates
        boolean valueFollows = context.position < context.tags.size() && context.tags.get(context.position) instanceof Tag.MentionTag next
                && !onlyNames(next);
        // "the state that borders the most states": a verb column of a table, ranked by how often it holds
        boolean rankingFollows = context.nextKeywordIs(Keyword.HIGHEST) || context.nextKeywordIs(Keyword.LOWEST);
        boolean verbOfTable = context.tags.get(previous) instanceof Tag.MentionTag table && onlyTables(table) && onlyColumns(mention);
        if (verbOfTable && rankingFollows) return;
        if (context.tags.get(previous) instanceof Tag.MentionTag before && onlyNames(before) && onlyNames(mention)
                && (onlyColumns(before) && onlyColumns(mention) || (onlyColumns(before) || onlyColumns(mention)) && !valueFollows)) {
            throw new NotUnderstoodException(RefusalReason.AMBIGUOUS, List.of(before.text() + " " + mention.text()),
                    "\"" + before.text() + " " + mention.text() + "\" names two things side by side; ask for one, or add the phrase as a synonym");
        }
    }

    /**
     * "the population of the capital of texas": a column of a column is a chain (the capital is a
     * city, whose population is asked), which the planner cannot follow yet; two columns are a list
     * only with "and" between them ("population and area of texas").
     */
    private void refuseChainOfColumns(Tag.MentionTag mention) {
        if (!onlyColumns(mention) || context.locatesNextValue(mention)) return;
        if (context.datedAfter(context.position)) return; // "revenue from users who signed up in 2024": the verb of a date, not an attribute
        if (lastFreeColumn.isPresent() && !andSinceLastColumn) {
            throw new NotUnderstoodException(RefusalReason.UNSUPPORTED_CONSTRUCT, List.of(lastFreeColumn.get(), mention.text()),
                    "\"" + lastFreeColumn.get() + "\" of \"" + mention.text() + "\" is a chain of attributes, not supported yet; "
                            + "join two columns with \"and\" to ask for both");
        }
        lastFreeColumn = Optional.of(mention.text());
        andSinceLastColumn = false;
    }

    /**
     * "france or germany", "spain and the netherlands", "canada, mexico": a value right after another
     * value (directly, or across "or" / "and") is listed with it; the planner decides whether the list
     * means one of them (IN) or is a contradiction.
     */
    private Optional<Keyword> listedAfterPreviousValue(Tag.MentionTag mention) {
        if (onlyNames(mention) || context.free.isEmpty()) return Optional.empty();
        int current = context.position - 1;
        Keyword connective = Keyword.AND;
        int before = current - 1;
        if (before >= 0 && context.tags.get(before) instanceof Tag.KeywordTag keyword
                && (keyword.keyword() == Keyword.OR || keyword.keyword() == Keyword.AND)) {
            connective = keyword.keyword();
            before--;
        }
        if (before < 0 || !(context.tags.get(before) instanceof Tag.MentionTag previous) || onlyNames(previous)
                || !context.free.getLast().text().equals(previous.text())) return Optional.empty();
        return Optional.of(connective);
    }

    /** "rivers named colorado", "a city called springfield": the mention just read is a name given after a naming word. */
    private boolean followsNamingWord() {
        int original = context.originalPositions[context.position - 1] - 1;
        return original >= 0 && context.allTags.get(original) instanceof Tag.StopTag stop && NAMING_WORDS.contains(stop.text());
    }

    /** "states that have a river", "states with rivers": the mention just read follows "have" or "with" (and an article). */
    private boolean followsPossessiveWord() {
        for (int original = context.originalPositions[context.position - 1] - 1; original >= 0; original--) {
            if (!(context.allTags.get(original) instanceof Tag.StopTag stop)) return false;
            if (POSSESSIVE_WORDS.contains(stop.text())) return true;
            if (!ARTICLES.contains(stop.text())) return false;
        }
        return false;
    }
}
