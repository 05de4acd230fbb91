package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.ask.chart.Chart;
import dev.tarn.http.JsonBody;

import java.util.Locale;

/** A chart as the q2w answer and the Ask API's chart event carry it. */
public final class ChartJson {
    private ChartJson() {
    }

    /** {kind, title, vega_lite, svg, reason} (kind table: no chart fits, the reason says why): the declarative spec for a front end, the SVG for a backend that only embeds. */
    public static ObjectNode chart(Chart chart) {
        ObjectNode node = JsonBody.MAPPER.createObjectNode();
        node.put("kind", chart.kind().name().toLowerCase(Locale.ROOT)).put("title", chart.title());
        node.set("vega_lite", chart.vegaLite());
        node.put("svg", chart.hasChart() ? chart.svg() : null);
        node.put("reason", chart.reason());
        return node;
    }

    /**
     * The {@code chart_code} AskTable clients render: a self-contained HTML fragment that draws the
     * Vega-Lite spec with vega-embed. The spec is JSON inside a script element, so every {@code <}
     * is written as {@code \u003c}: a category named {@code </script>} cannot end the element.
     */
    public static String embeddableCode(Chart chart) {
        String spec = chart.vegaLite().toString().replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        return "<div class=\"tarn-chart\"></div>\n"
                + "<script type=\"module\">\n"
                + "import embed from \"https://cdn.jsdelivr.net/npm/vega-embed@6/+esm\";\n"
                + "const spec = " + spec + ";\n"
                + "embed(document.currentScript ? document.currentScript.previousElementSibling : document.querySelector(\".tarn-chart\"), spec);\n"
                + "</script>\n";
    }
}
