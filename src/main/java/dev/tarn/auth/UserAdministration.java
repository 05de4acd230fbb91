package dev.tarn.auth;

import dev.tarn.engine.SqlToken;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.List;

/** Runs user statements for a principal, with the realtime API's rules on who may do what. */
public final class UserAdministration {
    private final UserStore users;

    public UserAdministration(UserStore users) {
        this.users = users;
    }

    /** Whether these tokens are a user statement this class handles. */
    public boolean recognises(List<SqlToken> tokens) {
        return tokens.size() >= 2 && tokens.get(1).isKeyword("USER")
                && (tokens.get(0).isKeyword("CREATE") || tokens.get(0).isKeyword("ALTER") || tokens.get(0).isKeyword("DROP"))
                && !(tokens.size() > 2 && tokens.get(2).isKeyword("TABLE"));
    }

    /** Runs the statement; returns a one-line description of what changed. */
    public String run(Principal principal, List<SqlToken> tokens) {
        UserStatement statement = UserStatement.parse(tokens)
                .orElseThrow(() -> new TarnException(ErrorCode.INVALID_STATEMENT, "Not a user statement"));
        return switch (statement) {
            case UserStatement.Create create -> {
                requireAdministrator(principal, "create users");
                users.create(create.name(), create.role(), create.password(), create.email());
                yield "User '" + create.name() + "' created with role " + create.role().wireName();
            }
            case UserStatement.ChangePassword change -> {
                if (!principal.isAdministrator() && !principal.userName().equals(change.name())) {
                    throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: only administrators may change another user's password");
                }
                users.changePassword(change.name(), change.password());
                yield "Password of '" + change.name() + "' changed";
            }
            case UserStatement.ChangeEmail change -> {
                if (!principal.isAdministrator() && !principal.userName().equals(change.name())) {
                    throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: only administrators may change another user's email");
                }
                users.changeEmail(change.name(), change.email());
                yield "Email of '" + change.name() + "' changed";
            }
            case UserStatement.ChangeRole change -> {
                requireAdministrator(principal, "change roles");
                if (change.role() == Role.SYSTEM && principal.role() != Role.SYSTEM) {
                    throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: only a system user may grant the system role");
                }
                users.changeRole(change.name(), change.role());
                yield "Role of '" + change.name() + "' changed to " + change.role().wireName();
            }
            case UserStatement.Drop drop -> {
                requireAdministrator(principal, "drop users");
                if (drop.name().equals(principal.userName())) {
                    throw new TarnException(ErrorCode.INVALID_STATEMENT, "You cannot drop the user you are logged in as");
                }
                boolean deleted = users.delete(drop.name());
                if (!deleted && !drop.ifExists()) {
                    throw new TarnException(ErrorCode.USER_NOT_FOUND, "User '" + drop.name() + "' does not exist");
                }
                yield deleted ? "User '" + drop.name() + "' dropped" : "User '" + drop.name() + "' did not exist";
            }
        };
    }

    private static void requireAdministrator(Principal principal, String what) {
        if (!principal.isAdministrator()) {
            throw new TarnException(ErrorCode.PERMISSION_DENIED, "Permission Error: only administrators (role dba or system) may " + what);
        }
    }

}
