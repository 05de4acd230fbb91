package dev.tarn.auth;

import dev.tarn.engine.SqlToken;
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
        reader.position = 2;
        return switch (verb) {
            case "CREATE" -> tokens.size() > 2 && tokens.get(2).isKeyword("TABLE") ? Optional.empty() : Optional.of(reader.create());
            case "ALTER" -> Optional.of(reader.alter());
            case "DROP" -> Optional.of(reader.drop());
            default -> Optional.empty();
        };
    }

    /** Walks the tokens; every mistake names what was expected. */
    final class Reader {
        private final List<SqlToken> tokens;
        private int position;

        private Reader(List<SqlToken> tokens) {
            this.tokens = tokens;
        }

        private UserStatement create() {
            String name = name();
            keyword("WITH");
            keyword("PASSWORD");
            String password = string("the password");
            keyword("ROLE");
            Role role = Role.parse(name());
            Optional<String> email = Optional.empty();
            if (peekKeyword("EMAIL")) {
                position++;
                email = Optional.of(string("the email address"));
            }
            end();
            return new Create(name, password, role, email);
        }

        private UserStatement alter() {
            String name = name();
            keyword("SET");
            if (peekKeyword("PASSWORD")) {
                position++;
                String password = string("the new password");
                end();
                return new ChangePassword(name, password);
            }
            if (peekKeyword("EMAIL")) {
                position++;
                String email = string("the email address");
                end();
                return new ChangeEmail(name, email);
            }
            keyword("ROLE");
            Role role = Role.parse(name());
            end();
            return new ChangeRole(name, role);
        }

        private UserStatement drop() {
            boolean ifExists = false;
            if (peekKeyword("IF")) {
                position++;
                keyword("EXISTS");
                ifExists = true;
            }
            String name = name();
            end();
            return new Drop(name, ifExists);
        }

        private String name() {
            SqlToken token = take("a user name");
            if (token.type() != SqlToken.Type.WORD && token.type() != SqlToken.Type.QUOTED_IDENTIFIER
                    && token.type() != SqlToken.Type.STRING) {
                throw error("Expected a user name, found '" + token.text() + "'");
            }
            return token.type() == SqlToken.Type.WORD ? token.text() : token.identifier();
        }

        private String string(String what) {
            SqlToken token = take(what);
            if (token.type() != SqlToken.Type.STRING || !token.terminated()) {
                throw error("Expected " + what + " as a quoted string");
            }
            return token.identifier();
        }

        private void keyword(String keyword) {
            SqlToken token = take(keyword);
            if (!token.isKeyword(keyword)) {
                throw error("Expected " + keyword + ", found '" + token.text() + "'");
            }
        }

        private boolean peekKeyword(String keyword) {
            return position < tokens.size() && tokens.get(position).isKeyword(keyword);
        }

        private SqlToken take(String what) {
            if (position >= tokens.size()) {
                throw error("Expected " + what + " at the end of the statement");
            }
            return tokens.get(position++);
        }

        private void end() {
            if (position < tokens.size()) {
                throw error("Unexpected '" + tokens.get(position).text() + "' after the end of the statement");
            }
        }

        private static TarnException error(String message) {
            return new TarnException(ErrorCode.INVALID_STATEMENT, "Parser Error: " + message
                    + " (syntax: CREATE USER name WITH PASSWORD 'pw' ROLE user|service|dba|system [EMAIL 'e']; ALTER USER name SET PASSWORD 'pw' | SET ROLE r | SET EMAIL 'e'; DROP USER [IF EXISTS] name)");
        }
    }
}
