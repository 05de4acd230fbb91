package dev.tarn.access;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the small language of row filters: {@code <schema>.<table>.<field> <operator> <value>}, one
 * condition per entry. This is not SQL: it has only names (with {@code *}), the operators of
 * {@link FilterOperator}, quoted texts, numbers, {@code {{variables}}}, NOW() with intervals, and
 * parentheses for IN lists, so a short tokenizer reads it exactly and refuses everything else.
 */
final class RowFilterParser {
    private static final int MAXIMUM_LENGTH = 4_000;

    private enum Kind { NAME, DOT, TEXT, NUMBER, VARIABLE, OPERATOR, OPEN, CLOSE, COMMA, PLUS, MINUS, END }

    private record Token(Kind kind, String text, int position) {
    }

    private final String source;
    private final List<Token> tokens;
    private int next;

    private RowFilterParser(String source) {
        this.source = source;
        this.tokens = tokenize(source);
    }

    static RowFilter parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(String.valueOf(text), "it is empty; write <schema>.<table>.<field> <operator> <value>");
        }
        if (text.length() > MAXIMUM_LENGTH) {
            throw invalid(text.substring(0, 40) + "…", "it is longer than " + MAXIMUM_LENGTH + " characters");
        }
        return new RowFilterParser(text.trim()).filter();
    }

    private RowFilter filter() {
        FieldPattern field = field();
        FilterOperator operator = operator();
        List<FilterOperand> operands = new ArrayList<>();
        if (operator.takesList()) {
            expect(Kind.OPEN, operator.sql() + " takes a list in parentheses, e.g. " + operator.sql() + " ('a', 'b')");
            operands.add(operand());
            while (peek().kind() == Kind.COMMA) {
                next++;
                operands.add(operand());
            }
            expect(Kind.CLOSE, "the list after " + operator.sql() + " must end with ')'");
        } else if (!operator.takesNoValue()) {
            operands.add(operand());
            if (operator == FilterOperator.LIKE || operator == FilterOperator.NOT_LIKE) {
                if (!(operands.getFirst() instanceof FilterOperand.Text) && !(operands.getFirst() instanceof FilterOperand.Variable)) {
                    throw fail("LIKE compares with a quoted pattern or a {{variable}}");
                }
            }
        }
        Token rest = peek();
        if (rest.kind() != Kind.END) {
            if (rest.kind() == Kind.NAME && List.of("AND", "OR").contains(rest.text().toUpperCase(Locale.ROOT))) {
                throw fail("one condition per entry: put each condition after " + rest.text() + " in an entry of its own");
            }
            throw fail("unexpected '" + rest.text() + "' after the value; one entry holds one condition");
        }
        return new RowFilter(field, operator, operands);
    }

    private FieldPattern field() {
        List<String> parts = new ArrayList<>();
        parts.add(namePart());
        while (peek().kind() == Kind.DOT) {
            next++;
            parts.add(namePart());
        }
        if (peek().kind() == Kind.OPEN) {
            throw fail("no function on the field side: write the column itself as <schema>.<table>.<field>");
        }
        if (parts.size() != 3) {
            throw fail("the field must have three parts, <schema>.<table>.<field> (use * for any), not " + String.join(".", parts));
        }
        return new FieldPattern(parts.get(0), parts.get(1), parts.get(2));
    }

    private String namePart() {
        Token token = peek();
        if (token.kind() != Kind.NAME) {
            throw fail("expected a name (letters, digits, _ or *) at '" + token.text() + "'; write <schema>.<table>.<field> <operator> <value>");
        }
        next++;
        return token.text();
    }

    private FilterOperator operator() {
        Token token = peek();
        next++;
        if (token.kind() == Kind.OPERATOR) {
            return switch (token.text()) {
                case "=" -> FilterOperator.EQUALS;
                case "<>", "!=" -> FilterOperator.NOT_EQUALS;
                case ">" -> FilterOperator.GREATER;
                case "<" -> FilterOperator.LESS;
                case ">=" -> FilterOperator.GREATER_OR_EQUAL;
                case "<=" -> FilterOperator.LESS_OR_EQUAL;
                default -> throw fail("unknown operator " + token.text() + "; use =, <>, !=, >, <, >= or <=");
            };
        }
        String word = token.kind() == Kind.NAME ? token.text().toUpperCase(Locale.ROOT) : "";
        switch (word) {
            case "IN":
                return FilterOperator.IN;
            case "LIKE":
                return FilterOperator.LIKE;
            case "NOT":
                String after = keyword();
                if (after.equals("IN")) {
                    return FilterOperator.NOT_IN;
                }
                if (after.equals("LIKE")) {
                    return FilterOperator.NOT_LIKE;
                }
                throw fail("NOT must be followed by IN or LIKE");
            case "IS":
                String nextWord = keyword();
                if (nextWord.equals("NULL")) {
                    return FilterOperator.IS_NULL;
                }
                if (nextWord.equals("NOT") && keyword().equals("NULL")) {
                    return FilterOperator.IS_NOT_NULL;
                }
                throw fail("IS must be followed by NULL or NOT NULL");
            default:
                throw fail("expected an operator (=, <>, !=, >, <, >=, <=, IN, NOT IN, LIKE, NOT LIKE, IS NULL, IS NOT NULL) after the field, not '"
                        + token.text() + "'");
        }
    }

    private String keyword() {
        Token token = peek();
        next++;
        return token.kind() == Kind.NAME ? token.text().toUpperCase(Locale.ROOT) : token.text();
    }

    private FilterOperand operand() {
        Token token = peek();
        next++;
        return switch (token.kind()) {
            case TEXT -> new FilterOperand.Text(token.text());
            case NUMBER -> new FilterOperand.Number(new BigDecimal(token.text()));
            case MINUS -> {
                Token number = peek();
                if (number.kind() != Kind.NUMBER) {
                    throw fail("'-' must be followed by a number");
                }
                next++;
                yield new FilterOperand.Number(new BigDecimal(number.text()).negate());
            }
            case VARIABLE -> new FilterOperand.Variable(token.text());
            case NAME -> {
                if (!token.text().equalsIgnoreCase("NOW")) {
                    throw fail("'" + token.text() + "' is not a value: quote texts and dates ('EMEA', '2024-01-01'), write numbers bare, "
                            + "variables as {{name}}; the only function allowed is NOW()");
                }
                expect(Kind.OPEN, "write NOW()");
                expect(Kind.CLOSE, "NOW() takes no arguments");
                yield new FilterOperand.Now(shifts());
            }
            default -> throw fail("expected a value at '" + token.text() + "'");
        };
    }

    private List<IntervalShift> shifts() {
        List<IntervalShift> shifts = new ArrayList<>();
        while (peek().kind() == Kind.PLUS || peek().kind() == Kind.MINUS) {
            boolean subtract = peek().kind() == Kind.MINUS;
            next++;
            if (!keyword().equals("INTERVAL")) {
                throw fail("only INTERVAL may be added to or subtracted from NOW(), e.g. NOW() - INTERVAL '7 days'");
            }
            shifts.add(interval(subtract));
        }
        return shifts;
    }

    /** {@code INTERVAL '7 days'}, {@code INTERVAL '7' DAY} or {@code INTERVAL 7 DAY}. */
    private IntervalShift interval(boolean subtract) {
        Token token = peek();
        next++;
        String amount;
        String unit;
        if (token.kind() == Kind.TEXT && token.text().trim().contains(" ")) {
            String[] words = token.text().trim().split("\\s+");
            if (words.length != 2) {
                throw fail("write an interval as INTERVAL '7 days'");
            }
            amount = words[0];
            unit = words[1];
        } else if (token.kind() == Kind.TEXT || token.kind() == Kind.NUMBER) {
            amount = token.text().trim();
            unit = keyword();
        } else {
            throw fail("write an interval as INTERVAL '7 days' or INTERVAL 7 DAY");
        }
        if (!amount.matches("\\d{1,7}")) {
            throw fail("an interval amount must be a whole number, not '" + amount + "'");
        }
        Optional<IntervalUnit> intervalUnit = IntervalUnit.of(unit);
        if (intervalUnit.isEmpty()) {
            throw fail("unknown interval unit '" + unit + "'; use second, minute, hour, day, week, month or year");
        }
        return new IntervalShift(subtract, Long.parseLong(amount), intervalUnit.get());
    }

    private void expect(Kind kind, String advice) {
        if (peek().kind() != kind) {
            throw fail(advice);
        }
        next++;
    }

    private Token peek() {
        return tokens.get(Math.min(next, tokens.size() - 1));
    }

    private TarnException fail(String reason) {
        return invalid(source, reason);
    }

    private static TarnException invalid(String source, String reason) {
        return new TarnException(ErrorCode.ROW_FILTER_INVALID, "The row filter \"" + source + "\" is not valid: " + reason);
    }

    private static List<Token> tokenize(String source) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'') {
                StringBuilder text = new StringBuilder();
                i++;
                while (true) {
                    if (i >= source.length()) {
                        throw invalid(source, "a quoted text is not closed; end it with '");
                    }
                    if (source.charAt(i) == '\'') {
                        if (i + 1 < source.length() && source.charAt(i + 1) == '\'') {
                            text.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    text.append(source.charAt(i++));
                }
                tokens.add(new Token(Kind.TEXT, text.toString(), start));
            } else if (c == '{' && source.startsWith("{{", i)) {
                int end = source.indexOf("}}", i);
                if (end < 0) {
                    throw invalid(source, "a {{variable}} is not closed");
                }
                String name = source.substring(i + 2, end).trim();
                if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    throw invalid(source, "a variable name is letters, digits and _, not '" + name + "'");
                }
                tokens.add(new Token(Kind.VARIABLE, name, start));
                i = end + 2;
            } else if (Character.isDigit(c)) {
                while (i < source.length() && (Character.isDigit(source.charAt(i)) || source.charAt(i) == '.')) {
                    i++;
                }
                String number = source.substring(start, i);
                if (!number.matches("\\d+(\\.\\d+)?")) {
                    throw invalid(source, "'" + number + "' is not a number");
                }
                if (i < source.length() && isNameCharacter(source.charAt(i))) {
                    // a name that starts with a digit, such as 2024_sales
                    while (i < source.length() && isNameCharacter(source.charAt(i))) {
                        i++;
                    }
                    tokens.add(new Token(Kind.NAME, source.substring(start, i), start));
                } else {
                    tokens.add(new Token(Kind.NUMBER, number, start));
                }
            } else if (isNameCharacter(c)) {
                while (i < source.length() && isNameCharacter(source.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.NAME, source.substring(start, i), start));
            } else if (c == '<' || c == '>' || c == '=' || c == '!') {
                i++;
                if (i < source.length() && (source.charAt(i) == '=' || (c == '<' && source.charAt(i) == '>'))) {
                    i++;
                }
                String operator = source.substring(start, i);
                if (operator.equals("!")) {
                    throw invalid(source, "'!' must be followed by '=' (!=)");
                }
                tokens.add(new Token(Kind.OPERATOR, operator, start));
            } else {
                Kind kind = switch (c) {
                    case '.' -> Kind.DOT;
                    case '(' -> Kind.OPEN;
                    case ')' -> Kind.CLOSE;
                    case ',' -> Kind.COMMA;
                    case '+' -> Kind.PLUS;
                    case '-' -> Kind.MINUS;
                    default -> throw invalid(source, "the character '" + c + "' has no meaning in a row filter");
                };
                tokens.add(new Token(kind, String.valueOf(c), start));
                i++;
            }
        }
        tokens.add(new Token(Kind.END, "end of the filter", source.length()));
        return tokens;
    }

    private static boolean isNameCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '*';
    }
}
