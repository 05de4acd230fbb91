package dev.tarn.ask.keys;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A key as Tarn keeps it: everything but the clear value, which exists only in the answer that
 * created it. {@code maskedValue} shows the prefix and the last characters, enough to tell keys apart.
 *
 * @param role           the AskTable role; Ask API keys act as {@link AskRole#ASKER}
 * @param allowedOrigins where a publishable key may be used from; empty for other kinds
 * @param binding        the role and customer an Ask API key is bound to (none for AskTable keys)
 * @param status         1 while the key works (a deleted key is gone, not kept with another status)
 */
public record StoredKey(String id, KeyKind kind, String projectId, AskRole role, int status, Instant createdAt,
                        Optional<Instant> lastUsedAt, String maskedValue, List<AllowedOrigin> allowedOrigins, KeyBinding binding) {
    public static final int ACTIVE = 1;

    public StoredKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(maskedValue, "maskedValue");
        allowedOrigins = List.copyOf(allowedOrigins);
        Objects.requireNonNull(binding, "binding");
    }

    StoredKey usedAt(Instant instant) {
        return new StoredKey(id, kind, projectId, role, status, createdAt, Optional.of(instant), maskedValue, allowedOrigins, binding);
    }

    /** The caller this key stands for when it is presented. */
    public AskCaller caller() {
        return new AskCaller(role, Optional.of(id), projectId, binding.roleId(), binding.variables(), java.util.Map.of(),
                Optional.empty(), kind == KeyKind.PUBLISHABLE);
    }
}
