package dev.tarn.topics;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import dev.tarn.writes.Change;

import java.util.Locale;
import java.util.Optional;

/** The row changes a topic source listens to, named on the wire as the reference names them. */
public enum TopicOperation {
    INSERT("Insert"), UPDATE("Update"), DELETE("Delete");

    private final String wireName;

    TopicOperation(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static TopicOperation parse(String text) {
        return switch (text.toUpperCase(Locale.ROOT)) {
            case "INSERT" -> INSERT;
            case "UPDATE" -> UPDATE;
            case "DELETE" -> DELETE;
            default -> throw new TarnException(ErrorCode.INVALID_STATEMENT, "A source listens ON INSERT, UPDATE or DELETE, not '" + text + "'");
        };
    }

    /** The operation of a write's change; REPLACE (a whole table overwritten) and CREATE produce no row messages. */
    static Optional<TopicOperation> of(Change.Operation operation) {
        return switch (operation) {
            case INSERT -> Optional.of(INSERT);
            case UPDATE -> Optional.of(UPDATE);
            case DELETE -> Optional.of(DELETE);
            case REPLACE, CREATE -> Optional.empty();
        };
    }
}
