package dev.tarn.ask.keys;

import java.util.Objects;

/**
 * A key just created: the only time its clear value exists outside the client. {@code valueHash}
 * is what Tarn stored; showing it does no harm (it is not a credential: whatever a client presents
 * is hashed again) and the AskTable SDK expects it as {@code hashed_ak_value}.
 */
public record NewKey(StoredKey key, String clearValue, String valueHash) {
    public NewKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(clearValue, "clearValue");
        Objects.requireNonNull(valueHash, "valueHash");
    }

    @Override
    public String toString() {
        // a record prints its fields; this one must never put its secret in a log line or an assertion message
        return "NewKey[" + key + ", clearValue=<secret>]";
    }
}
