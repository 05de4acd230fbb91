package dev.tarn.auth;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The password rules every surface shares. */
class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(4);

    @Test
    void theEmbeddedListHoldsSomeHundredsOfCommonPasswords() {
        assertThat(CommonPasswords.size()).isGreaterThan(300);
    }

    @Test
    void commonPasswordsAreRefusedWhateverTheirCase() {
        for (String common : new String[] {"password123", "Password123", "QWERTY123", "iloveyou1", "12345678"}) {
            assertThatThrownBy(() -> hasher.hash(common)).as(common)
                    .isInstanceOfSatisfying(TarnException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PASSWORD))
                    .hasMessageContaining("commonly used");
        }
        assertThatCode(() -> hasher.requireAcceptable("correct horse battery staple")).doesNotThrowAnyException();
    }

    @Test
    void theLengthRuleCountsBytesOfUtf8() {
        assertThatThrownBy(() -> hasher.hash("short")).hasMessage("A password must be 8 to 72 bytes long, not 5");
        assertThatThrownBy(() -> hasher.hash("é".repeat(37))).hasMessage("A password must be 8 to 72 bytes long, not 74");
    }

    @Test
    void theCommonPasswordCheckCanBeTurnedOff() {
        String hash = new PasswordHasher(4, false).hash("password123");
        assertThat(hasher.matches("password123", hash)).isTrue();
    }
}
