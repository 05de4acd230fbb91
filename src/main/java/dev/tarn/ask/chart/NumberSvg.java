package dev.tarn.ask.chart;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.StringWriter;

/**
 * A single number as SVG: the title, the value large, and what it is about. Written with an XML
 * writer, so a title or label from the data is text, never markup.
 */
final class NumberSvg {
    private static final String NAMESPACE = "http://www.w3.org/2000/svg";

    private NumberSvg() {
    }

    static String write(String title, String formatted, String label, int width, int height) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartElement("svg");
            xml.writeDefaultNamespace(NAMESPACE);
            xml.writeAttribute("width", Integer.toString(width));
            xml.writeAttribute("height", Integer.toString(height));
            xml.writeAttribute("viewBox", "0 0 " + width + " " + height);
            xml.writeEmptyElement("rect");
            xml.writeAttribute("width", Integer.toString(width));
            xml.writeAttribute("height", Integer.toString(height));
            xml.writeAttribute("fill", "#ffffff");
            text(xml, width / 2, height * 30 / 100, 24, "normal", ChartPalette.hex(ChartPalette.TEXT), title);
            text(xml, width / 2, height * 62 / 100, fontSize(formatted, width), "bold", ChartPalette.hex(ChartPalette.series(0)), formatted);
            if (!label.isEmpty()) text(xml, width / 2, height * 80 / 100, 20, "normal", ChartPalette.hex(ChartPalette.TEXT), label);
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException cannotHappenWritingToAString) {
            throw new IllegalStateException(cannotHappenWritingToAString);
        }
        return out.toString();
    }

    /** As large as fits: 96 px, smaller for long values so they stay inside the picture. */
    private static int fontSize(String text, int width) {
        int fitting = (int) (width * 0.9 / Math.max(1, text.length()) / 0.6);
        return Math.max(16, Math.min(96, fitting));
    }

    private static void text(XMLStreamWriter xml, int x, int y, int size, String weight, String colour, String content) throws XMLStreamException {
        xml.writeStartElement("text");
        xml.writeAttribute("x", Integer.toString(x));
        xml.writeAttribute("y", Integer.toString(y));
        xml.writeAttribute("text-anchor", "middle");
        xml.writeAttribute("font-family", "sans-serif");
        xml.writeAttribute("font-size", Integer.toString(size));
        xml.writeAttribute("font-weight", weight);
        xml.writeAttribute("fill", colour);
        xml.writeCharacters(XmlText.allowed(content));
        xml.writeEndElement();
    }
}
