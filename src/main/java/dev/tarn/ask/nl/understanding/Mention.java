package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.Meaning;

import java.util.List;

/** A phrase of the question that names something in the model, with every meaning it could have. */
public record Mention(String text, List<Meaning> meanings) {
    public Mention {
        meanings = List.copyOf(meanings);
    }
}
