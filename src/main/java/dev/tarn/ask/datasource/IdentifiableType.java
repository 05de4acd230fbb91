package dev.tarn.ask.datasource;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What personal data a field holds; anything but {@code plain} is masked in answers. */
public enum IdentifiableType {
    PLAIN, PERSON_NAME, EMAIL, SSN, ID, PHONE, ADDRESS, COMPANY, BANK_CARD;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static IdentifiableType parse(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(type -> type.wireName().equals(wanted)).findFirst()
                .orElseThrow(() -> new TarnException(ErrorCode.INVALID_FIELD, "Unknown identifiable_type '" + name + "': use one of "
                        + Arrays.stream(values()).map(IdentifiableType::wireName).collect(Collectors.joining(", "))));
    }
}
