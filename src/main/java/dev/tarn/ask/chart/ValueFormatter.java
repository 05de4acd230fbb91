package dev.tarn.ask.chart;

import dev.tarn.ask.ResultTable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the values of one result column for people, the same way in answer sentences, insights
 * and charts. The choices:
 * <ul>
 *   <li>numbers get thousands separators; a column whose values are all whole prints them whole
 *       ("12,000"), any other numeric column prints every value with 2 decimals ("9,500.50"), so a
 *       list reads evenly; a non-zero value under 0.01 keeps 2 significant digits ("0.0034")
 *       rather than becoming "0.00"; rounding is half up;</li>
 *   <li>a column named as a share ({@code share}, {@code ratio}, {@code fraction}, {@code proportion})
 *       whose values all lie between 0 and 1 is a fraction: 0.125 prints "12.5%"; a column named
 *       {@code percent}, {@code percentage} or {@code pct} already holds percents: 12.5 prints "12.5%";
 *       {@code rate} is left alone, because exchange and interest rates are not shares;</li>
 *   <li>dates print ISO ({@code 2024-03-31}); a date column whose values are all the first of a month
 *       prints months ({@code 2024-03}), all the first of January prints years ({@code 2024}), which
 *       is what a question "by month" or "by year" truncated them to; timestamps print to the minute
 *       (seconds only when some are non-zero) and drop the time when every value is midnight;</li>
 *   <li>null prints "no value", booleans "yes"/"no".</li>
 * </ul>
 */
public final class ValueFormatter {
    private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.US);

    private enum Style { WHOLE, DECIMAL, SHARE, PERCENT, YEAR, MONTH, DAY, MINUTE, SECOND, TEXT }

    private final Style style;

    private ValueFormatter(Style style) {
        this.style = style;
    }

    /** The formatter for one column of a result, judged on the column's name, type and all of its values. */
    public static ValueFormatter forColumn(ResultTable table, int columnIndex) {
        List<Object> values = new ArrayList<>();
        for (List<Object> row : table.rows()) {
            if (row.get(columnIndex) != null) values.add(row.get(columnIndex));
        }
        return new ValueFormatter(styleOf(table.columns().get(columnIndex).name(), values));
    }

    /** One value on its own (a single answer), judged on its column name and itself. */
    public static String formatValue(String columnName, Object value) {
        List<Object> values = value == null ? List.of() : List.of(value);
        return new ValueFormatter(styleOf(columnName, values)).format(value);
    }

    public String format(Object value) {
        if (value == null) return "no value";
        if (value instanceof Boolean bool) return bool ? "yes" : "no";
        return switch (style) {
            case WHOLE, DECIMAL, SHARE, PERCENT -> value instanceof Number number ? number(number) : value.toString();
            case YEAR, MONTH, DAY, MINUTE, SECOND -> time(value);
            case TEXT -> value.toString();
        };
    }

    private static Style styleOf(String columnName, List<Object> values) {
        if (!values.isEmpty() && values.stream().allMatch(Number.class::isInstance)) {
            if (ColumnWords.hasWord(columnName, "percent", "percentage", "pct")) return Style.PERCENT;
            boolean fractions = values.stream().allMatch(value -> decimal((Number) value).compareTo(BigDecimal.ZERO) >= 0
                    && decimal((Number) value).compareTo(BigDecimal.ONE) <= 0);
            if (fractions && ColumnWords.hasWord(columnName, "share", "ratio", "fraction", "proportion")) return Style.SHARE;
            boolean whole = values.stream().allMatch(value -> isWhole((Number) value));
            return whole ? Style.WHOLE : Style.DECIMAL;
        }
        if (!values.isEmpty() && values.stream().allMatch(ValueFormatter::isTime)) return timeStyle(values);
        return Style.TEXT;
    }

    private static boolean isTime(Object value) {
        return value instanceof LocalDate || value instanceof LocalDateTime || value instanceof OffsetDateTime;
    }

    private static Style timeStyle(List<Object> values) {
        boolean midnight = true;
        boolean wholeMinutes = true;
        for (Object value : values) {
            LocalDateTime wallClock = wallClock(value);
            midnight &= wallClock.toLocalTime().toSecondOfDay() == 0 && wallClock.getNano() == 0;
            wholeMinutes &= wallClock.getSecond() == 0 && wallClock.getNano() == 0;
        }
        if (!midnight) return wholeMinutes ? Style.MINUTE : Style.SECOND;
        // one value alone does not say it was truncated: 2024-01-01 could be a real day
        if (values.stream().map(ValueFormatter::wallClock).distinct().count() < 2) return Style.DAY;
        boolean firstOfMonth = values.stream().allMatch(value -> wallClock(value).getDayOfMonth() == 1);
        boolean firstOfYear = firstOfMonth && values.stream().allMatch(value -> wallClock(value).getMonthValue() == 1);
        return firstOfYear ? Style.YEAR : firstOfMonth ? Style.MONTH : Style.DAY;
    }

    private static LocalDateTime wallClock(Object value) {
        return switch (value) {
            case LocalDate date -> date.atStartOfDay();
            case LocalDateTime dateTime -> dateTime;
            case OffsetDateTime dateTime -> dateTime.toLocalDateTime();
            default -> throw new IllegalArgumentException("not a time: " + value.getClass().getSimpleName());
        };
    }

    private String time(Object value) {
        if (!isTime(value)) return value.toString();
        String pattern = switch (style) {
            case YEAR -> "uuuu";
            case MONTH -> "uuuu-MM";
            case DAY -> "uuuu-MM-dd";
            case MINUTE -> "uuuu-MM-dd HH:mm";
            default -> "uuuu-MM-dd HH:mm:ss";
        };
        String text = wallClock(value).format(DateTimeFormatter.ofPattern(pattern, Locale.ROOT));
        if (value instanceof OffsetDateTime dateTime && (style == Style.MINUTE || style == Style.SECOND)) {
            text += dateTime.getOffset().equals(ZoneOffset.UTC) ? " UTC" : " " + dateTime.getOffset();
        }
        return text;
    }

    private String number(Number number) {
        if (number instanceof Double || number instanceof Float) {
            if (!Double.isFinite(number.doubleValue())) return number.toString();
        }
        BigDecimal value = decimal(number);
        return switch (style) {
            case SHARE -> plain(value.movePointRight(2), 1) + "%";
            case PERCENT -> plain(value, 1) + "%";
            case WHOLE -> grouped(value, 0);
            default -> small(value) ? value.round(new MathContext(2, RoundingMode.HALF_UP)).stripTrailingZeros().toPlainString()
                    : grouped(value, 2);
        };
    }

    /** Up to the given decimals, trailing zeros dropped: 12.5%, 40%. */
    private static String plain(BigDecimal value, int maximumDecimals) {
        DecimalFormat format = new DecimalFormat("#,##0." + "#".repeat(maximumDecimals), SYMBOLS);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(value);
    }

    private static String grouped(BigDecimal value, int decimals) {
        DecimalFormat format = new DecimalFormat(decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals), SYMBOLS);
        format.setRoundingMode(RoundingMode.HALF_UP);
        return format.format(value);
    }

    private static boolean small(BigDecimal value) {
        return value.signum() != 0 && value.abs().compareTo(new BigDecimal("0.01")) < 0;
    }

    static BigDecimal decimal(Number number) {
        return switch (number) {
            case BigDecimal decimal -> decimal;
            case BigInteger integer -> new BigDecimal(integer);
            case Long value -> BigDecimal.valueOf(value);
            case Integer value -> BigDecimal.valueOf(value);
            case Short value -> BigDecimal.valueOf(value);
            case Byte value -> BigDecimal.valueOf(value);
            default -> Double.isFinite(number.doubleValue()) ? BigDecimal.valueOf(number.doubleValue()) : BigDecimal.ZERO;
        };
    }

    private static boolean isWhole(Number number) {
        BigDecimal value = decimal(number);
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }
}
