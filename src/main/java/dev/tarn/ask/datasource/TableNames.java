package dev.tarn.ask.datasource;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/** Table names made from uploaded file and sheet names: lower-case letters, digits and underscores, unique in the datasource. */
final class TableNames {
    private TableNames() {
    }

    static String fromFileName(String filename) {
        String stem = filename.contains(".") ? filename.substring(0, filename.lastIndexOf('.')) : filename;
        String ascii = Normalizer.normalize(stem, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        StringBuilder name = new StringBuilder();
        for (char character : ascii.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean allowed = (character >= 'a' && character <= 'z') || (character >= '0' && character <= '9');
            if (allowed) {
                name.append(character);
            } else if (!name.isEmpty() && name.charAt(name.length() - 1) != '_') {
                name.append('_');
            }
        }
        while (!name.isEmpty() && name.charAt(name.length() - 1) == '_') {
            name.setLength(name.length() - 1);
        }
        if (name.isEmpty()) {
            return "table";
        }
        if (Character.isDigit(name.charAt(0))) {
            name.insert(0, "t_");
        }
        return name.length() > 60 ? name.substring(0, 60) : name.toString();
    }

    static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int suffix = 2; taken.contains(candidate); suffix++) {
            candidate = name + "_" + suffix;
        }
        return candidate;
    }
}
