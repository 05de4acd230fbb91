package dev.tarn.access;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The value side of a row filter: a quoted text (which may hold {{variables}}), a number, a bare {{variable}}, or NOW() ± intervals. */
public sealed interface FilterOperand {
    /** The names of the variables this operand needs, in order of appearance. */
    List<String> variables();

    /**
     * A quoted literal ({@code 'EMEA'}, {@code '2024-01-01'}); {@code {{name}}} inside it is replaced by the
     * variable's value, so {@code '{{region}}'} and {@code '%{{name}}%'} work as AskTable's Jinja templates do.
     */
    record Text(String template) implements FilterOperand {
        private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

        public Text {
            Objects.requireNonNull(template, "template");
        }

        @Override
        public List<String> variables() {
            List<String> names = new ArrayList<>();
            Matcher matcher = VARIABLE.matcher(template);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }

        /** The text with each {{variable}} replaced by its value; every variable must have one. */
        public String resolve(Map<String, String> values) {
            Matcher matcher = VARIABLE.matcher(template);
            StringBuilder resolved = new StringBuilder();
            while (matcher.find()) {
                matcher.appendReplacement(resolved, Matcher.quoteReplacement(values.get(matcher.group(1))));
            }
            matcher.appendTail(resolved);
            return resolved.toString();
        }

        @Override
        public String toString() {
            return "'" + template.replace("'", "''") + "'";
        }
    }

    /** An unquoted number. */
    record Number(BigDecimal value) implements FilterOperand {
        public Number {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public List<String> variables() {
            return List.of();
        }

        @Override
        public String toString() {
            return value.toPlainString();
        }
    }

    /** An unquoted {@code {{name}}}: the variable's value, always a string, as AskTable passes them. */
    record Variable(String name) implements FilterOperand {
        public Variable {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public List<String> variables() {
            return List.of(name);
        }

        @Override
        public String toString() {
            return "{{" + name + "}}";
        }
    }

    /** {@code NOW()}, optionally shifted by intervals. */
    record Now(List<IntervalShift> shifts) implements FilterOperand {
        public Now {
            shifts = List.copyOf(shifts);
        }

        @Override
        public List<String> variables() {
            return List.of();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("NOW()");
            shifts.forEach(text::append);
            return text.toString();
        }
    }
}
