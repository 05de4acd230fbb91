package dev.tarn.ask.keys;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Origins are compared in the form browsers send them. */
class AllowedOriginTest {
    @Test
    void anOriginIsNormalisedToLowerCaseWithoutDefaultPortOrTrailingSlash() {
        assertThat(AllowedOrigin.of("HTTPS://Shop.Example.com:443/").value()).isEqualTo("https://shop.example.com");
        assertThat(AllowedOrigin.of("http://localhost:80").value()).isEqualTo("http://localhost");
        assertThat(AllowedOrigin.of("http://localhost:3000").value()).isEqualTo("http://localhost:3000");
        assertThat(AllowedOrigin.of("https://shop.example.com:8443").value()).isEqualTo("https://shop.example.com:8443");
    }

    @Test
    void whatIsNotAnHttpOriginIsRefusedSayingWhatToGive() {
        for (String text : new String[]{"shop.example.com", "https://*.example.com", "https://shop.example.com/app", "ftp://x.example",
                "https://user@shop.example.com", "https://shop.example.com?x=1", "null", ""}) {
            TarnException refusal = catchThrowableOfType(TarnException.class, () -> AllowedOrigin.of(text));
            assertThat(refusal.code()).as(text).isEqualTo(ErrorCode.INVALID_FIELD);
            assertThat(refusal.getMessage()).contains("scheme://host");
        }
        assertThat(AllowedOrigin.parse("null")).isEmpty();
    }
}
