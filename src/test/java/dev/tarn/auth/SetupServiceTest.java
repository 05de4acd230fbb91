package dev.tarn.auth;

import dev.tarn.engine.SystemDatabase;
import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server started with root.wait_for_setup has a root without password until the setup sets one. */
class SetupServiceTest {
    @TempDir
    Path folder;

    private SystemDatabase database;
    private UserStore users;
    private final PasswordHasher hasher = new PasswordHasher(4);
    private final PrintStream console = new PrintStream(new ByteArrayOutputStream());

    @BeforeEach
    void open() {
        database = SystemDatabase.open(folder);
        users = new UserStore(database, hasher);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void waitingForSetupCreatesARootThatCannotLogInAndSurvivesARestart() {
        RootAccount.ensure(users, Optional.empty(), true, console);
        User root = users.find("root").orElseThrow();
        assertThat(root.role()).isEqualTo(Role.SYSTEM);
        assertThat(root.hasPassword()).isFalse();
        Authenticator authenticator = new Authenticator(users, hasher);
        for (String password : new String[] {"", "anything-at-all"}) {
            assertThatThrownBy(() -> authenticator.password("root", password))
                    .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CREDENTIALS));
        }

        RootAccount.ensure(users, Optional.empty(), false, console);
        assertThat(new SetupService(users, hasher).needsSetup()).isTrue();
    }

    @Test
    void aRootPasswordConfiguredLaterEndsTheWait() {
        RootAccount.ensure(users, Optional.empty(), true, console);
        RootAccount.ensure(users, Optional.of("configured-root-secret"), true, console);
        assertThat(new SetupService(users, hasher).needsSetup()).isFalse();
        assertThat(hasher.matches("configured-root-secret", users.find("root").orElseThrow().passwordHash())).isTrue();
    }

    @Test
    void setupRefusesATakenNameAndThenSucceedsOnce() {
        RootAccount.ensure(users, Optional.empty(), true, console);
        users.create("taken", Role.USER, "taken-user-secret");
        SetupService setup = new SetupService(users, hasher);

        assertThatThrownBy(() -> setup.setup(new SetupRequest("taken", "first-admin-secret", "first-root-secret", Optional.empty())))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.USER_EXISTS));
        assertThat(setup.needsSetup()).isTrue();

        User administrator = setup.setup(new SetupRequest("admin", "first-admin-secret", "first-root-secret", Optional.of("admin@example.com")));
        assertThat(administrator.role()).isEqualTo(Role.DBA);
        assertThat(administrator.email()).contains("admin@example.com");
        assertThat(setup.needsSetup()).isFalse();
        assertThatThrownBy(() -> setup.setup(new SetupRequest("other", "other-admin-secret", "other-root-secret", Optional.empty())))
                .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_CONFIGURED));
        assertThat(hasher.matches("first-root-secret", users.find("root").orElseThrow().passwordHash())).isTrue();
    }
}
