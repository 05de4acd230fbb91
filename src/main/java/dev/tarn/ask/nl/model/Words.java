package dev.tarn.ask.nl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How text becomes words, shared by the lexicon and the question tokenizer so that a stored value,
 * a column name and a question word meet in the same form.
 */
public final class Words {
    private Words() {
    }

    /** Lower-cased words; punctuation separates words except inside a number ("2.5", "1,000"). */
    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder word = new StringBuilder();
        for (int index = 0; index < lower.length(); index++) {
            char character = lower.charAt(index);
            boolean insideNumber = (character == '.' || character == ',') && !word.isEmpty()
                    && Character.isDigit(word.charAt(word.length() - 1))
                    && index + 1 < lower.length() && Character.isDigit(lower.charAt(index + 1));
            if (Character.isLetterOrDigit(character) || insideNumber) {
                word.append(character);
            } else if (character == '\'' && !word.isEmpty() && index + 1 < lower.length()
                    && Character.isLetter(lower.charAt(index + 1))) {
                // "o'brien" and "texas's" stay one word: an apostrophe between letters is part of it
                word.append(character);
            } else if (!word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        if (!word.isEmpty()) words.add(word.toString());
        return words;
    }

    /** The words of an identifier: {@code customer_id} and {@code customerId} both give "customer id". */
    public static List<String> ofIdentifier(String identifier) {
        String spaced = identifier.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').replace('-', ' ');
        return split(spaced);
    }

    public static String join(List<String> words) {
        return String.join(" ", words);
    }

    /** English singular of a plural noun, by the regular rules only; irregular forms come from synonyms. */
    public static String singular(String word) {
        if (word.length() > 4 && word.endsWith("ies")) return word.substring(0, word.length() - 3) + "y";
        if (word.length() > 4 && (word.endsWith("ses") || word.endsWith("xes") || word.endsWith("ches")
                || word.endsWith("shes"))) return word.substring(0, word.length() - 2);
        if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) return word.substring(0, word.length() - 1);
        return word;
    }

    /**
     * The regular verb forms of a word that is also a verb ("border": bordering, bordered), so that a
     * column named by a verb is found in the question's verb. Forms of non-verbs are never asked.
     */
    public static List<String> verbForms(String word) {
        if (word.length() < 3) return List.of();
        String stem = word.endsWith("e") ? word.substring(0, word.length() - 1) : word;
        return List.of(stem + "ing", stem + "ed");
    }

    /** English plural of a singular noun, by the regular rules only. */
    public static String plural(String word) {
        if (word.endsWith("y") && word.length() > 2 && "aeiou".indexOf(word.charAt(word.length() - 2)) < 0) {
            return word.substring(0, word.length() - 1) + "ies";
        }
        if (word.endsWith("s") || word.endsWith("x") || word.endsWith("ch") || word.endsWith("sh")) return word + "es";
        return word + "s";
    }
}
