package dev.tarn.ask.chart;

import dev.tarn.ask.ResultTable;
import dev.tarn.ask.chart.ChartPlan.NoChart;
import dev.tarn.ask.chart.ChartPlan.NumberPlan;
import dev.tarn.ask.chart.ChartPlan.ScatterPlan;
import dev.tarn.ask.chart.ChartPlan.SeriesPlan;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TimeZone;

/**
 * Draws a plan as SVG with JFreeChart and JFreeSVG, so a back end without a front end can embed the
 * chart. Text from the data (titles, category names) reaches the SVG as escaped text, never as markup.
 */
final class SvgChartRenderer {
    static final int WIDTH = 720;
    static final int HEIGHT = 450;

    static {
        // charts are drawn on a server: AWT must never look for a display
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        // the workaround draws rotated axis titles as glyph outlines; in SVG they should stay text (readable, selectable)
        TextUtils.setUseDrawRotatedStringWorkaround(false);
    }

    String render(ChartPlan plan) {
        return switch (plan) {
            case NumberPlan number -> NumberSvg.write(number.title(), number.formatted(), number.label(), WIDTH, HEIGHT);
            case SeriesPlan series -> draw(series.kind() == ChartKind.LINE ? line(series) : bar(series));
            case ScatterPlan scatter -> draw(scatter(scatter));
            case NoChart ignored -> "";
        };
    }

    private static JFreeChart line(SeriesPlan plan) {
        ResultTable table = plan.table();
        TimeSeriesCollection dataset = new TimeSeriesCollection(TimeZone.getTimeZone("UTC"));
        Map<String, TimeSeries> series = new LinkedHashMap<>();
        for (List<Object> row : table.rows()) {
            Instant instant = ChartValues.instant(row.get(plan.axis())).orElseThrow();
            for (int measure : plan.measures()) {
                String key = seriesKey(plan, row, measure);
                TimeSeries timeSeries = series.computeIfAbsent(key, TimeSeries::new);
                OptionalDouble value = ChartValues.number(row.get(measure));
                if (value.isPresent()) timeSeries.addOrUpdate(new FixedMillisecond(instant.toEpochMilli()), value.getAsDouble());
            }
        }
        series.values().forEach(dataset::addSeries);
        JFreeChart chart = ChartFactory.createTimeSeriesChart(text(plan.title()), text(table.columns().get(plan.axis()).name()),
                text(valueTitle(plan)), dataset, plan.hasSeveralSeries(), false, false);
        XYPlot plot = chart.getXYPlot();
        ((DateAxis) plot.getDomainAxis()).setTimeZone(TimeZone.getTimeZone("UTC"));
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) plot.getRenderer();
        renderer.setDefaultShapesVisible(true);
        for (int index = 0; index < dataset.getSeriesCount(); index++) {
            renderer.setSeriesPaint(index, ChartPalette.series(index));
            renderer.setSeriesStroke(index, new BasicStroke(2.5f));
        }
        style(chart);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(ChartPalette.GRID);
        plot.setRangeGridlinePaint(ChartPalette.GRID);
        return chart;
    }

    private static JFreeChart bar(SeriesPlan plan) {
        ResultTable table = plan.table();
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (List<Object> row : table.rows()) {
            String category = text(ChartValues.label(row.get(plan.axis())));
            for (int measure : plan.measures()) {
                OptionalDouble value = ChartValues.number(row.get(measure));
                dataset.addValue(value.isPresent() ? value.getAsDouble() : null, seriesKey(plan, row, measure), category);
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(text(plan.title()), text(table.columns().get(plan.axis()).name()),
                text(valueTitle(plan)), dataset, PlotOrientation.HORIZONTAL, plan.hasSeveralSeries(), false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        for (int index = 0; index < dataset.getRowCount(); index++) renderer.setSeriesPaint(index, ChartPalette.series(index));
        // values read along the bottom, as in the Vega-Lite chart
        plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        CategoryAxis categoryAxis = plot.getDomainAxis();
        categoryAxis.setMaximumCategoryLabelWidthRatio(0.35f);
        style(chart);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(ChartPalette.GRID);
        return chart;
    }

    private static JFreeChart scatter(ScatterPlan plan) {
        ResultTable table = plan.table();
        XYSeries points = new XYSeries(text(table.columns().get(plan.vertical()).name()), false, true);
        for (List<Object> row : table.rows()) {
            OptionalDouble x = ChartValues.number(row.get(plan.horizontal()));
            OptionalDouble y = ChartValues.number(row.get(plan.vertical()));
            if (x.isPresent() && y.isPresent()) points.add(x.getAsDouble(), y.getAsDouble());
        }
        JFreeChart chart = ChartFactory.createScatterPlot(text(plan.title()), text(table.columns().get(plan.horizontal()).name()),
                text(table.columns().get(plan.vertical()).name()), new XYSeriesCollection(points), PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.getRenderer().setSeriesPaint(0, ChartPalette.series(0));
        plot.getRenderer().setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        style(chart);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(ChartPalette.GRID);
        plot.setRangeGridlinePaint(ChartPalette.GRID);
        return chart;
    }

    /** A series is a measure (several measures) or a value of the series column (one measure per category). */
    private static String seriesKey(SeriesPlan plan, List<Object> row, int measure) {
        if (plan.seriesColumn().isPresent()) return text(ChartValues.label(row.get(plan.seriesColumn().get())));
        return text(plan.table().columns().get(measure).name());
    }

    private static String valueTitle(SeriesPlan plan) {
        return plan.measures().size() == 1 ? plan.table().columns().get(plan.measures().getFirst()).name() : "value";
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        chart.getTitle().setPaint(ChartPalette.TEXT);
    }

    private static String text(String fromData) {
        return XmlText.allowed(fromData);
    }

    private static String draw(JFreeChart chart) {
        SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(graphics, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        return graphics.getSVGElement(null, true, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
    }
}
