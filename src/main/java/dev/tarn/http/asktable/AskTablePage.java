package dev.tarn.http.asktable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.http.JsonBody;
import io.javalin.http.Context;

import java.util.List;
import java.util.function.Function;

/**
 * The SDK's list envelope {@code {items, page, size, pages, total}}: {@code page} is 1-based,
 * {@code size} defaults to 50 and is at most 100; the SDK keeps fetching while {@code page < pages}.
 */
public final class AskTablePage {
    public static final int DEFAULT_SIZE = 50;
    public static final int MAXIMUM_SIZE = 100;

    private AskTablePage() {
    }

    /** Reads the items from {@code offset}, at most {@code limit} of them. */
    @FunctionalInterface
    public interface PageReader<T> {
        List<T> read(long offset, int limit);
    }

    /** Writes one page of {@code all} (already filtered and ordered) as the envelope. */
    public static <T> void write(Context context, List<T> all, Function<T, JsonNode> toJson) {
        write(context, all.size(), (offset, limit) -> all.subList((int) Math.min(offset, all.size()),
                (int) Math.min(offset + limit, all.size())), toJson);
    }

    /** Writes one page as the envelope, reading only that page: for lists too large to hold whole. */
    public static <T> void write(Context context, long total, PageReader<T> reader, Function<T, JsonNode> toJson) {
        int page = number(context, "page", 1);
        int size = number(context, "size", DEFAULT_SIZE);
        if (page < 1) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "page must be 1 or more");
        }
        if (size < 1 || size > MAXIMUM_SIZE) {
            throw new TarnException(ErrorCode.INVALID_FIELD, "size must be between 1 and " + MAXIMUM_SIZE);
        }
        ObjectNode body = JsonBody.MAPPER.createObjectNode();
        ArrayNode items = body.putArray("items");
        reader.read((long) (page - 1) * size, size).forEach(item -> items.add(toJson.apply(item)));
        body.put("page", page).put("size", size).put("pages", (total + size - 1) / size).put("total", total);
        context.contentType("application/json").result(body.toString());
    }

    private static int number(Context context, String name, int fallback) {
        String text = context.queryParam(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new TarnException(ErrorCode.INVALID_FIELD, name + " must be a whole number, not '" + text + "'");
        }
    }
}
