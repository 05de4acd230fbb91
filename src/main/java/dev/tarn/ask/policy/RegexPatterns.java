package dev.tarn.ask.policy;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The three regular expressions of a policy's dataset_config: a schema, table or field is covered
 * when its name matches the whole expression, ignoring case; an empty expression covers every name.
 * Whole-name matching is chosen so that {@code orders} means the table orders, not orders_archive.
 */
public record RegexPatterns(String schemasRegexPattern, String tablesRegexPattern, String fieldsRegexPattern) {
    public static final RegexPatterns EVERYTHING = new RegexPatterns("", "", "");
    private static final int MAXIMUM_LENGTH = 1_000;

    public RegexPatterns {
        schemasRegexPattern = checked("schemas_regex_pattern", schemasRegexPattern);
        tablesRegexPattern = checked("tables_regex_pattern", tablesRegexPattern);
        fieldsRegexPattern = checked("fields_regex_pattern", fieldsRegexPattern);
    }

    public boolean coversTable(String schema, String table) {
        return matches(schemasRegexPattern, schema) && matches(tablesRegexPattern, table);
    }

    public boolean coversField(String field) {
        return matches(fieldsRegexPattern, field);
    }

    /** True when the policy is about some fields only. */
    public boolean limitsFields() {
        return !fieldsRegexPattern.isEmpty();
    }

    private static boolean matches(String pattern, String name) {
        return pattern.isEmpty() || Pattern.compile(pattern, Pattern.CASE_INSENSITIVE).matcher(name).matches();
    }

    private static String checked(String field, String pattern) {
        String text = Objects.requireNonNullElse(pattern, "").trim();
        if (text.length() > MAXIMUM_LENGTH) {
            throw new TarnException(ErrorCode.ASK_INVALID_POLICY, field + " is longer than " + MAXIMUM_LENGTH + " characters");
        }
        try {
            Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new TarnException(ErrorCode.ASK_INVALID_POLICY, field + " is not a valid regular expression: "
                    + e.getDescription() + " near position " + e.getIndex());
        }
        return text;
    }
}
