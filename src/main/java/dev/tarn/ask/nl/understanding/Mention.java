package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.Meaning;

import java.util.List;

/**
 * A phrase of the question that names something in the model, with every meaning it could have.
 * {@code contained} marks a phrase after "in" ("cities in texas"): it names where something is, so it
 * cannot be a name of the very rows asked for.
 */
public record Mention(String text, List<Meaning> meanings, boolean contained) {
    public Mention {
        meanings = List.copyOf(meanings);
    }

    public Mention(String text, List<Meaning> meanings) {
        this(text, meanings, false);
    }
}
