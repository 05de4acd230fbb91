package dev.tarn.ask.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A column name read as English words: {@code total_amount} and {@code totalAmount} both read "total amount". */
final class ColumnWords {
    private ColumnWords() {
    }

    static List<String> words(String columnName) {
        String spaced = columnName.replaceAll("([a-z0-9])([A-Z])", "$1 $2");
        List<String> words = new ArrayList<>();
        for (String word : spaced.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) words.add(word);
        }
        return words;
    }

    /** The name as a phrase; a name with no letters or digits keeps its own spelling. */
    static String phrase(String columnName) {
        List<String> words = words(columnName);
        return words.isEmpty() ? columnName : String.join(" ", words);
    }

    /** The phrase with its last word in the plural, for "Top 3 countries by ...". */
    static String plural(String columnName) {
        List<String> words = new ArrayList<>(words(columnName));
        if (words.isEmpty()) return columnName;
        int last = words.size() - 1;
        words.set(last, pluralWord(words.get(last)));
        return String.join(" ", words);
    }

    private static String pluralWord(String word) {
        if (word.length() > 1 && word.endsWith("y") && "aeiou".indexOf(word.charAt(word.length() - 2)) < 0) {
            return word.substring(0, word.length() - 1) + "ies";
        }
        if (word.endsWith("s") || word.endsWith("x") || word.endsWith("z") || word.endsWith("ch") || word.endsWith("sh")) {
            return word + "es";
        }
        return word + "s";
    }

    static boolean hasWord(String columnName, String... candidates) {
        List<String> words = words(columnName);
        for (String candidate : candidates) {
            if (words.contains(candidate)) return true;
        }
        return false;
    }

    static String capitalized(String text) {
        if (text.isEmpty()) return text;
        return text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }
}
