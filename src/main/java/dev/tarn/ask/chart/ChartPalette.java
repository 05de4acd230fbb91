package dev.tarn.ask.chart;

import java.awt.Color;
import java.util.List;

/** Vega-Lite's default colours (Tableau 10), so the server's SVG looks like the front end's chart. */
final class ChartPalette {
    static final List<Color> SERIES = List.of(
            new Color(0x4c78a8), new Color(0xf58518), new Color(0xe45756), new Color(0x72b7b2), new Color(0x54a24b),
            new Color(0xeeca3b), new Color(0xb279a2), new Color(0xff9da6), new Color(0x9d755d), new Color(0xbab0ac));
    static final Color TEXT = new Color(0x333333);
    static final Color GRID = new Color(0xdddddd);

    private ChartPalette() {
    }

    static Color series(int index) {
        return SERIES.get(index % SERIES.size());
    }

    static String hex(Color color) {
        return String.format("#%06x", color.getRGB() & 0xffffff);
    }
}
