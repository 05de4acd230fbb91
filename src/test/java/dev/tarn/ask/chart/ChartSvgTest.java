package dev.tarn.ask.chart;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static dev.tarn.ask.chart.Tables.columns;
import static dev.tarn.ask.chart.Tables.row;
import static dev.tarn.ask.chart.Tables.table;
import static dev.tarn.ask.nl.model.DataType.DATE;
import static dev.tarn.ask.nl.model.DataType.DECIMAL;
import static dev.tarn.ask.nl.model.DataType.INTEGER;
import static dev.tarn.ask.nl.model.DataType.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

/** The server's SVG: a well-formed SVG document showing the chart's titles and data, with text from the data never read as markup. */
class ChartSvgTest {
    private static final String HOSTILE = "<script>alert(1)</script>";

    private final ChartPlanner planner = new ChartPlanner();

    @Test
    void aBarChartIsAnSvgDocumentWithItsTitleAxisTitlesAndCategories() throws Exception {
        Chart chart = planner.plan(table(columns("country", TEXT, "total_amount", DECIMAL), row("France", 12000.0), row("Spain", 9500.0)));

        Document svg = parse(chart.svg());
        assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(svg.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(svg.getDocumentElement().getAttribute("viewBox")).matches("0(\\.0)? 0(\\.0)? 720(\\.0)? 450(\\.0)?");
        assertThat(texts(svg)).contains("Total amount by country", "country", "total_amount", "France", "Spain");
    }

    @Test
    void aLineChartShowsItsTitleAxisTitlesAndALegendForSeveralMeasures() throws Exception {
        Chart chart = planner.plan(table(columns("month", DATE, "revenue", DECIMAL, "cost", DECIMAL),
                row(LocalDate.of(2024, 1, 1), 100.0, 60.0), row(LocalDate.of(2024, 2, 1), 120.0, 70.0), row(LocalDate.of(2024, 3, 1), 90.0, 65.0)));

        List<String> texts = texts(parse(chart.svg()));
        assertThat(texts).contains("Revenue and cost by month", "month", "value", "revenue", "cost");
    }

    @Test
    void aScatterPlotShowsBothMeasuresAsAxisTitles() throws Exception {
        Chart chart = planner.plan(table(columns("price", DECIMAL, "quantity", INTEGER), row(9.99, 120L), row(19.5, 80L)));

        assertThat(texts(parse(chart.svg()))).contains("Quantity against price", "price", "quantity");
    }

    @Test
    void aNumberShowsTheTitleTheFormattedValueAndWhatItIsAbout() throws Exception {
        Chart chart = planner.plan(table(columns("region", TEXT, "total", DECIMAL), row("North", new BigDecimal("98765.4"))));

        assertThat(texts(parse(chart.svg()))).containsExactly("Total for North", "98,765.40", "North");
    }

    @Test
    void aCategoryNamedLikeMarkupIsTextInTheSvgNeverAnElement() throws Exception {
        Chart bar = planner.plan(table(columns("country", TEXT, "total", DECIMAL), row(HOSTILE, 1.0), row("Spain", 2.0)), HOSTILE);
        Chart line = planner.plan(table(columns("day", DATE, "segment", TEXT, "visits", INTEGER),
                row(LocalDate.of(2024, 1, 1), HOSTILE, 3L), row(LocalDate.of(2024, 1, 2), HOSTILE, 4L), row(LocalDate.of(2024, 1, 2), "web", 5L)));
        Chart number = planner.plan(table(columns("country", TEXT, "total", DECIMAL), row(HOSTILE, 1.0)), HOSTILE);

        for (Chart chart : List.of(bar, line, number)) {
            // StAX writers differ on escaping ">" (the one the xlsx reader brings leaves it): what matters is that no element appears
            assertThat(chart.svg()).doesNotContain("<script").contains("&lt;script");
            Document svg = parse(chart.svg());
            assertThat(svg.getElementsByTagNameNS("*", "script").getLength()).isZero();
            assertThat(texts(svg)).contains(HOSTILE);
        }
    }

    @Test
    void charactersXmlCannotHoldAreDroppedSoTheSvgStaysWellFormed() throws Exception {
        Chart chart = planner.plan(table(columns("name", TEXT, "total", DECIMAL), row("bad\u0000name\u0007", 1.0), row("ok & fine \"quoted\"", 2.0)));

        assertThat(texts(parse(chart.svg()))).contains("badname", "ok & fine \"quoted\"");
    }

    @Test
    void noChartMeansNoSvg() {
        assertThat(planner.plan(table(columns("name", TEXT), row("Ada"))).svg()).isEmpty();
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> texts(Document svg) {
        NodeList nodes = svg.getElementsByTagNameNS("*", "text");
        List<String> texts = new ArrayList<>();
        for (int index = 0; index < nodes.getLength(); index++) texts.add(nodes.item(index).getTextContent());
        return texts;
    }
}
