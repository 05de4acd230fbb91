package dev.tarn.ask.datasource;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Turns each sheet of an .xlsx workbook into a CSV file (first row the header), so that a sheet is
 * loaded, typed and queried exactly as an uploaded CSV file is. Dates are written as ISO dates,
 * numbers as their stored text.
 */
final class Spreadsheets {
    /**
     * The most cells one workbook may unpack to: a few megabytes of .xlsx can claim billions of cells
     * (it is a zip file), and every cell is written to disk before DuckDB reads it.
     */
    static final long MAXIMUM_CELLS = 50_000_000;

    /** One sheet, written as CSV. */
    record SheetFile(String sheetName, Path csv) {
    }

    private Spreadsheets() {
    }

    static List<SheetFile> toCsv(Path workbook, Supplier<Path> newCsvFile) {
        List<SheetFile> sheets = new ArrayList<>();
        long[] cells = {0};
        List<Path> written = new ArrayList<>();
        try (ReadableWorkbook book = new ReadableWorkbook(workbook.toFile(), new ReadingOptions(true, false))) {
            for (Sheet sheet : book.getSheets().toList()) {
                Path csv = newCsvFile.get();
                written.add(csv);
                boolean hasRows;
                try (Stream<Row> rows = sheet.openStream(); BufferedWriter writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                    hasRows = write(rows.iterator(), writer, cells);
                }
                if (hasRows) {
                    sheets.add(new SheetFile(sheet.getName(), csv));
                } else {
                    Files.deleteIfExists(csv);
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Path file : written) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a leftover sheet file is removed with its datasource
                }
            }
            if (e instanceof TarnException tarn) {
                throw tarn;
            }
            throw new TarnException(ErrorCode.DATASOURCE_FILE_INVALID, "The file could not be read as an .xlsx workbook: " + e.getMessage(), e);
        }
        if (sheets.isEmpty()) {
            throw new TarnException(ErrorCode.DATASOURCE_FILE_INVALID, "The workbook has no sheet with rows");
        }
        return sheets;
    }

    private static boolean write(Iterator<Row> rows, BufferedWriter writer, long[] cells) throws IOException {
        if (!rows.hasNext()) {
            return false;
        }
        Row header = rows.next();
        int width = header.getCellCount();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            String name = text(header.getOptionalCell(i).orElse(null));
            names.add(name.isBlank() ? "column_" + (i + 1) : name);
        }
        if (width == 0) {
            return false;
        }
        line(writer, names);
        while (rows.hasNext()) {
            Row row = rows.next();
            cells[0] += width;
            if (cells[0] > MAXIMUM_CELLS) {
                throw new TarnException(ErrorCode.DATASOURCE_FILE_INVALID, "The workbook unpacks to more than " + MAXIMUM_CELLS
                        + " cells; split it, or upload its sheets as CSV or Parquet files");
            }
            List<String> values = new ArrayList<>(width);
            for (int i = 0; i < width; i++) {
                values.add(text(row.getOptionalCell(i).orElse(null)));
            }
            line(writer, values);
        }
        return true;
    }

    private static void line(BufferedWriter writer, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write('"');
            writer.write(values.get(i).replace("\"", "\"\""));
            writer.write('"');
        }
        writer.write('\n');
    }

    private static String text(Cell cell) {
        if (cell == null || cell.getType() == CellType.EMPTY || cell.getType() == CellType.ERROR) {
            return "";
        }
        if (cell.getType() == CellType.NUMBER && isDate(cell)) {
            var value = cell.asDate();
            return value.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? value.toLocalDate().toString() : value.toString();
        }
        if (cell.getType() == CellType.NUMBER || cell.getType() == CellType.FORMULA) {
            return cell.getRawValue() == null ? "" : cell.getRawValue();
        }
        return cell.getText() == null ? "" : cell.getText();
    }

    /** Excel stores dates as day numbers; only the cell's number format says it is one. */
    private static boolean isDate(Cell cell) {
        Integer id = cell.getDataFormatId();
        if (id != null && ((id >= 14 && id <= 22) || (id >= 45 && id <= 47))) {
            return true;
        }
        String format = cell.getDataFormatString();
        if (format == null) {
            return false;
        }
        String bare = format.replaceAll("\"[^\"]*\"|\\[[^]]*]", "").toLowerCase(Locale.ROOT);
        return bare.contains("y") || bare.contains("d") || bare.contains("h");
    }
}
