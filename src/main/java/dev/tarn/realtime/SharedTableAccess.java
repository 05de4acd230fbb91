package dev.tarn.realtime;

import dev.tarn.auth.Principal;
import dev.tarn.auth.Role;
import dev.tarn.engine.SqlNames;
import dev.tarn.engine.SqlToken;
import dev.tarn.engine.StatementKind;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.List;
import java.util.Optional;

/**
 * Who may read and write the SHARED tables of the dialect (contract 3, role capabilities): users
 * read PUBLIC tables only and write none; services read all but DBA-level tables and write all but
 * those; administrators do anything. Tables are found by name among the statement's tokens, which
 * see at least what DuckDB sees, so a reference is never missed (a column named like a table can
 * cause a refusal, never a leak). SQL given as text (query(), query_table()) is refused to
 * non-administrators by the statement guard before this runs.
 */
final class SharedTableAccess {
    private SharedTableAccess() {
    }

    static void check(Principal acting, List<SqlToken> tokens, StatementKind kind, String namespace, TableRegistry registry) {
        if (acting.isAdministrator()) {
            return;
        }
        Optional<RealtimeTable> written = kind == StatementKind.DATA_CHANGE ? target(tokens, namespace, registry) : Optional.empty();
        for (int i = 0; i < tokens.size(); i++) {
            Optional<RealtimeTable> table = tableAt(tokens, i, namespace, registry);
            if (table.isEmpty() || table.get().type() != TableType.SHARED) {
                continue;
            }
            if (!readable(acting.role(), table.get().accessLevel())) {
                throw denied(acting, "read", table.get());
            }
        }
        if (written.isPresent() && written.get().type() == TableType.SHARED) {
            boolean writable = switch (acting.role()) {
                case USER -> false;
                case SERVICE -> written.get().accessLevel() != AccessLevel.DBA;
                case DBA, SYSTEM -> true;
            };
            if (!writable) {
                throw denied(acting, "write", written.get());
            }
        }
    }

    /** Whether a role may read the rows of a SHARED table of this access level. */
    static boolean readable(Role role, AccessLevel level) {
        return switch (role) {
            case USER -> level == AccessLevel.PUBLIC;
            case SERVICE -> level != AccessLevel.DBA;
            case DBA, SYSTEM -> true;
        };
    }

    /**
     * Whether a role may read every row a table's changes carry, as a topic's consumer does: the
     * messages of a per-user table hold every user's rows, so role user may not consume them.
     */
    static boolean readsEveryRow(Role role, RealtimeTable table) {
        if (table.type().perUser()) {
            return role != Role.USER;
        }
        return readable(role, table.accessLevel());
    }

    /** The table a data change writes: the name after INSERT INTO, UPDATE, DELETE FROM or MERGE INTO. */
    private static Optional<RealtimeTable> target(List<SqlToken> tokens, String namespace, TableRegistry registry) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            boolean afterInto = tokens.get(i).isKeyword("INTO") || (tokens.get(i).isKeyword("UPDATE") && i == 0)
                    || (tokens.get(i).isKeyword("FROM") && i > 0 && tokens.get(i - 1).isKeyword("DELETE"));
            if (afterInto) {
                return tableAt(tokens, i + 1, namespace, registry);
            }
        }
        return Optional.empty();
    }

    /** The registered table whose name starts at token {@code index} (not in the middle of a dotted name). */
    private static Optional<RealtimeTable> tableAt(List<SqlToken> tokens, int index, String namespace, TableRegistry registry) {
        if (!isName(tokens, index) || (index > 0 && tokens.get(index - 1).text().equals("."))) {
            return Optional.empty();
        }
        return registry.resolve(SqlNames.partsAt(tokens, index), namespace);
    }

    private static boolean isName(List<SqlToken> tokens, int index) {
        return index < tokens.size() && (tokens.get(index).type() == SqlToken.Type.WORD || tokens.get(index).type() == SqlToken.Type.QUOTED_IDENTIFIER);
    }

    private static TarnException denied(Principal acting, String what, RealtimeTable table) {
        return new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: role " + acting.role().wireName() + " may not " + what
                + " the " + table.accessLevel() + " shared table " + table.namespace() + "." + table.name());
    }
}
