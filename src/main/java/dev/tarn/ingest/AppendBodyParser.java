package dev.tarn.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tarn.config.TarnConfig;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Reads an /append body: one JSON object or an array of objects, within the configured limits. */
final class AppendBodyParser {
    private static final int MAXIMUM_FIELD_NAME = 128;

    private final ObjectMapper mapper;
    private final int maximumFields;

    AppendBodyParser(TarnConfig.IngestSettings limits) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.appendMaxDepth()).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory);
        this.maximumFields = limits.appendMaxFields();
    }

    List<ObjectNode> parse(byte[] body) {
        JsonNode root;
        try (JsonParser parser = mapper.getFactory().createParser(body)) {
            root = mapper.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw invalid("The body holds more than one JSON value; send one object or one array of objects");
            }
        } catch (StreamConstraintsException e) {
            throw invalid("The body nests arrays and objects too deeply: " + e.getOriginalMessage()
                    + " (the limit is ingest.append_max_depth)");
        } catch (IOException e) {
            throw invalid("The body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.isMissingNode()) {
            throw invalid("The body is empty: send one JSON object or an array of objects");
        }
        List<ObjectNode> rows = new ArrayList<>();
        if (root instanceof ObjectNode object) {
            rows.add(checked(object, 0));
        } else if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                if (!(root.get(i) instanceof ObjectNode object)) {
                    throw invalid("Element " + i + " of the array is " + root.get(i).getNodeType().name().toLowerCase(Locale.ROOT)
                            + ", not an object: send only JSON objects");
                }
                rows.add(checked(object, i));
            }
        } else {
            throw invalid("The body is " + root.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ": send one JSON object or an array of objects");
        }
        return rows;
    }

    private ObjectNode checked(ObjectNode row, int index) {
        if (row.size() > maximumFields) {
            throw invalid("Object " + index + " has " + row.size() + " fields; the limit is " + maximumFields + " (ingest.append_max_fields)");
        }
        Set<String> seen = new HashSet<>();
        Iterator<String> names = row.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.isBlank() || name.length() > MAXIMUM_FIELD_NAME) {
                throw invalid("Object " + index + " has a field name that is empty or longer than " + MAXIMUM_FIELD_NAME + " characters");
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw invalid("Object " + index + " has the field '" + name + "' twice (names are compared without regard to case)");
            }
        }
        return row;
    }

    private static TarnException invalid(String message) {
        return new TarnException(ErrorCode.APPEND_INVALID_DATA, message);
    }
}
