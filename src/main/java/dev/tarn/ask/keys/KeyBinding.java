package dev.tarn.ask.keys;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an Ask API key is bound to, so that whoever holds it cannot choose: a chat role (its row
 * filters apply to every question asked with the key) and a customer (the key asks only for that
 * customer, which reaches the filters as {@code {{customer}}}). A publishable key lives in a web
 * page whose user can send any body, so binding it is how a widget's data stays the customer's.
 */
public record KeyBinding(Optional<String> roleId, Optional<String> customer) {
    public static final KeyBinding NONE = new KeyBinding(Optional.empty(), Optional.empty());

    public KeyBinding {
        Objects.requireNonNull(roleId, "roleId");
        Objects.requireNonNull(customer, "customer");
    }

    /** The role variables the binding fixes. */
    Map<String, String> variables() {
        return customer.map(name -> Map.of("customer", name)).orElse(Map.of());
    }
}
