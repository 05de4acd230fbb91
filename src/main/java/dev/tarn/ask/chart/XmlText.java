package dev.tarn.ask.chart;

import java.util.regex.Pattern;

/** Text from the data made safe for an XML document: characters XML forbids (NUL, most controls) are dropped. */
final class XmlText {
    private static final Pattern FORBIDDEN = Pattern.compile("[^\\x09\\x0A\\x0D\\x20-\\x{D7FF}\\x{E000}-\\x{FFFD}\\x{10000}-\\x{10FFFF}]");

    private XmlText() {
    }

    /** Escaping of markup is the writer's job; this only removes what no escaping can express in XML 1.0. */
    static String allowed(String text) {
        return FORBIDDEN.matcher(text).replaceAll("");
    }
}
