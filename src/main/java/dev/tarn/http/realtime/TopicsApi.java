package dev.tarn.http.realtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tarn.auth.Principal;
import dev.tarn.auth.Role;
import dev.tarn.auth.TokenService;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.ErrorKind;
import dev.tarn.error.TarnException;
import dev.tarn.http.ErrorResponses;
import dev.tarn.http.Route;
import dev.tarn.topics.ConsumeRequest;
import dev.tarn.topics.ConsumeResult;
import dev.tarn.topics.StartPosition;
import dev.tarn.topics.TopicId;
import dev.tarn.topics.TopicMessage;
import dev.tarn.topics.TopicService;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static io.javalin.http.HandlerType.POST;

/**
 * The topics HTTP API (contract 4): consume and acknowledge, Bearer JWT with role service, dba or
 * system. Errors are {"error": message, "code": CODE}. A consume with {@code timeout_seconds} and
 * nothing to return waits for the next message (long polling; capped by topics.max_wait_seconds).
 */
public final class TopicsApi {
    private static final Logger LOG = LoggerFactory.getLogger(TopicsApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final int MAXIMUM_BODY_BYTES = 64 * 1024;

    private final TokenService tokens;
    private final TopicService topics;

    public TopicsApi(TokenService tokens, TopicService topics) {
        this.tokens = tokens;
        this.topics = topics;
    }

    public List<Route> routes() {
        return List.of(
                new Route(POST, "/v1/api/topics/consume", this::consume),
                new Route(POST, "/v1/api/topics/ack", this::acknowledge));
    }

    private void consume(Context context) {
        answer(context, body -> {
            ConsumeRequest request = new ConsumeRequest(topic(body), optionalText(body, "group_id"), integer(body, "partition_id", 0),
                    start(body.get("start")), integer(body, "limit", ConsumeRequest.DEFAULT_LIMIT),
                    Duration.ofMillis(Math.round(number(body, "timeout_seconds") * 1000)));
            return consumed(topics.consume(request));
        });
    }

    private void acknowledge(Context context) {
        answer(context, body -> {
            String group = optionalText(body, "group_id").orElseThrow(() -> invalid("group_id is required"));
            JsonNode offset = body.get("upto_offset");
            if (offset == null || !offset.isIntegralNumber() || !offset.canConvertToLong()) {
                throw invalid("upto_offset is required, as a whole number");
            }
            long acknowledged = topics.acknowledge(topic(body), group, integer(body, "partition_id", 0), offset.longValue());
            return JSON.createObjectNode().put("success", true).put("acknowledged_offset", acknowledged).toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    private interface Work {
        byte[] run(JsonNode body);
    }

    private void answer(Context context, Work work) {
        try {
            Principal principal = authenticate(context);
            if (principal.role() == Role.USER) {
                throw new TarnException(ErrorCode.PERMISSION_DENIED, "The topics API is for roles service, dba and system; role user may "
                        + "CONSUME and ACK through /v1/api/sql");
            }
            byte[] answer = work.run(body(context));
            context.status(200).contentType("application/json").result(answer);
        } catch (TarnException e) {
            failure(context, e);
        }
    }

    private Principal authenticate(Context context) {
        String header = context.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new TarnException(ErrorCode.AUTHENTICATION_REQUIRED, "Authentication required: send Authorization: Bearer <access token>");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new TarnException(ErrorCode.INVALID_CREDENTIALS, "This endpoint takes a Bearer token from /v1/api/auth/login");
        }
        return tokens.verifyAccessToken(header.substring(7).trim());
    }

    private static JsonNode body(Context context) {
        byte[] bytes;
        try (InputStream input = context.req().getInputStream()) {
            bytes = input.readNBytes(MAXIMUM_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > MAXIMUM_BODY_BYTES) {
            throw new TarnException(ErrorCode.INVALID_JSON, "The body is larger than 64 KiB");
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new TarnException(ErrorCode.INVALID_JSON, "The body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new TarnException(ErrorCode.INVALID_JSON, "The body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static TopicId topic(JsonNode body) {
        String text = optionalText(body, "topic_id").orElseThrow(() -> invalid("topic_id is required, e.g. \"shop.cart_events\""));
        try {
            return TopicId.parse(text, "default");
        } catch (TarnException e) {
            throw invalid(e.getMessage());
        }
    }

    /** "Latest" (the default), "Earliest", {"Offset": n} or {"offset": n}, in any case. */
    private static StartPosition start(JsonNode start) {
        if (start == null || start.isNull()) {
            return new StartPosition.Latest();
        }
        if (start.isTextual()) {
            return switch (start.textValue().toLowerCase(Locale.ROOT)) {
                case "latest" -> new StartPosition.Latest();
                case "earliest" -> new StartPosition.Earliest();
                default -> throw invalid("start is \"Latest\", \"Earliest\" or {\"Offset\": n}, not \"" + start.textValue() + "\"");
            };
        }
        if (start.isObject() && start.size() == 1) {
            Map.Entry<String, JsonNode> field = start.fields().next();
            if (field.getKey().equalsIgnoreCase("offset") && field.getValue().isIntegralNumber() && field.getValue().canConvertToLong()
                    && field.getValue().longValue() >= 0) {
                return new StartPosition.AtOffset(field.getValue().longValue());
            }
        }
        throw invalid("start is \"Latest\", \"Earliest\" or {\"Offset\": n} with n a whole number of at least 0");
    }

    private static Optional<String> optionalText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw invalid(field + " must be a string");
        }
        return Optional.of(value.textValue());
    }

    private static int integer(JsonNode body, String field, int fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw invalid(field + " must be a whole number");
        }
        return value.intValue();
    }

    private static double number(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isNumber() || value.doubleValue() < 0 || !Double.isFinite(value.doubleValue())) {
            throw invalid(field + " must be a number of seconds, at least 0");
        }
        return Math.min(value.doubleValue(), 3600);
    }

    private static byte[] consumed(ConsumeResult result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeArrayFieldStart("messages");
            for (TopicMessage message : result.messages()) {
                json.writeStartObject();
                json.writeStringField("topic_id", message.topic().toString());
                json.writeNumberField("partition_id", message.partition());
                json.writeNumberField("offset", message.offset());
                json.writeStringField("payload", Base64.getEncoder().encodeToString(message.payload().getBytes(StandardCharsets.UTF_8)));
                if (message.key().isPresent()) {
                    json.writeStringField("key", message.key().get());
                } else {
                    json.writeNullField("key");
                }
                json.writeNumberField("timestamp_ms", message.timestampMillis());
                json.writeStringField("user", message.userId());
                json.writeStringField("op", message.operation().wireName());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("next_offset", result.nextOffset());
            json.writeBooleanField("has_more", result.hasMore());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static TarnException invalid(String message) {
        return new TarnException(ErrorCode.INVALID_FIELD, message);
    }

    private static void failure(Context context, TarnException error) {
        String code = switch (error.code()) {
            case AUTHENTICATION_REQUIRED -> "MISSING_AUTHORIZATION";
            case TOKEN_EXPIRED -> "TOKEN_EXPIRED";
            case PERMISSION_DENIED -> "FORBIDDEN";
            case TOPIC_NOT_FOUND -> "NOT_FOUND";
            case INVALID_JSON -> "INVALID_INPUT";
            case INVALID_FIELD -> "INVALID_PARAMETER";
            default -> switch (error.kind()) {
                case UNAUTHENTICATED -> "INVALID_CREDENTIALS";
                case INVALID_REQUEST -> "INVALID_INPUT";
                case UNAVAILABLE -> "SERVICE_UNAVAILABLE";
                case INTERNAL -> "INTERNAL_ERROR";
                default -> error.kind().name();
            };
        };
        if (error.kind() == ErrorKind.INTERNAL) {
            LOG.error("event=topics_api_failed message=\"{}\"", error.getMessage(), error);
        }
        int status = ErrorResponses.status(error.kind());
        if (status == 503) {
            context.header("Retry-After", "1");
        }
        context.status(status).contentType("application/json")
                .result(JSON.createObjectNode().put("error", error.getMessage()).put("code", code).toString());
    }
}
