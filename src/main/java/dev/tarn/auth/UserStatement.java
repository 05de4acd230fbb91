package dev.tarn.auth;

import dev.tarn.engine.SqlToken;
import dev.tarn.engine.SqlTokenReader;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.List;
import java.util.Optional;

/**
 * The user statements of Tarn's SQL dialect, which DuckDB does not know:
 * {@code CREATE USER name WITH PASSWORD 'pw' ROLE r [EMAIL 'e']},
 * {@code ALTER USER name SET PASSWORD 'pw' | SET ROLE r | SET EMAIL 'e'},
 * {@code DROP USER [IF EXISTS] name}. Read from the statement's tokens by a small recursive-descent reader.
 */
public sealed interface UserStatement {
    record Create(String name, String password, Role role, Optional<String> email) implements UserStatement {
        @Override
        public String toString() {
            return "Create[name=" + name + ", role=" + role + "]";
        }
    }

    record ChangePassword(String name, String password) implements UserStatement {
        @Override
        public String toString() {
            return "ChangePassword[name=" + name + "]";
        }
    }

    record ChangeRole(String name, Role role) implements UserStatement {
    }

    record ChangeEmail(String name, String email) implements UserStatement {
    }

    record Drop(String name, boolean ifExists) implements UserStatement {
    }

    /** The user statement these tokens spell, or empty when they are not a user statement at all. */
    static Optional<UserStatement> parse(List<SqlToken> tokens) {
        if (tokens.size() < 2 || !tokens.get(1).isKeyword("USER")) {
            return Optional.empty();
        }
        Reader reader = new Reader(tokens);
        String verb = tokens.get(0).text().toUpperCase();
        return switch (verb) {
            case "CREATE" -> tokens.size() > 2 && tokens.get(2).isKeyword("TABLE") ? Optional.empty() : Optional.of(reader.create());
            case "ALTER" -> Optional.of(reader.alter());
            case "DROP" -> Optional.of(reader.drop());
            default -> Optional.empty();
        };
    }

    /** Reads the three statement shapes; every mistake names what was expected and the syntax. */
    final class Reader {
        private final SqlTokenReader tokens;

        private Reader(List<SqlToken> tokens) {
            this.tokens = new SqlTokenReader(tokens, Reader::error);
            this.tokens.moveTo(2);
        }

        private UserStatement create() {
            String name = name();
            tokens.expect("WITH");
            tokens.expect("PASSWORD");
            String password = tokens.string("the password");
            tokens.expect("ROLE");
            Role role = Role.parse(name());
            Optional<String> email = tokens.optional("EMAIL") ? Optional.of(tokens.string("the email address")) : Optional.empty();
            tokens.end();
            return new Create(name, password, role, email);
        }

        private UserStatement alter() {
            String name = name();
            tokens.expect("SET");
            if (tokens.optional("PASSWORD")) {
                String password = tokens.string("the new password");
                tokens.end();
                return new ChangePassword(name, password);
            }
            if (tokens.optional("EMAIL")) {
                String email = tokens.string("the email address");
                tokens.end();
                return new ChangeEmail(name, email);
            }
            tokens.expect("ROLE");
            Role role = Role.parse(name());
            tokens.end();
            return new ChangeRole(name, role);
        }

        private UserStatement drop() {
            boolean ifExists = tokens.optional("IF");
            if (ifExists) {
                tokens.expect("EXISTS");
            }
            String name = name();
            tokens.end();
            return new Drop(name, ifExists);
        }

        /** A user name may also be written as a string, as in the KalamDB dialect. */
        private String name() {
            SqlToken token = tokens.take("a user name");
            if (token.type() == SqlToken.Type.STRING) {
                return token.identifier();
            }
            tokens.moveTo(tokens.position() - 1);
            return tokens.name("a user name");
        }

        private static TarnException error(String message) {
            return new TarnException(ErrorCode.INVALID_STATEMENT, "Parser Error: " + message
                    + " (syntax: CREATE USER name WITH PASSWORD 'pw' ROLE user|service|dba|system [EMAIL 'e']; ALTER USER name SET PASSWORD 'pw' | SET ROLE r | SET EMAIL 'e'; DROP USER [IF EXISTS] name)");
        }
    }
}
