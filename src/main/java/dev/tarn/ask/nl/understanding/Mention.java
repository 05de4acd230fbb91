package dev.tarn.ask.nl.understanding;

import dev.tarn.ask.nl.model.Meaning;

import java.util.List;

/**
 * A phrase of the question that names something in the model, with every meaning it could have.
 * {@code contained} marks a phrase after "in" ("cities in texas"): it names where something is, so it
 * cannot be a name of the very rows asked for. {@code asked} marks a phrase right after "which" or
 * "what" ("which state ..."): it names what the answer must be. {@code named} marks a phrase right after
 * "named" or "called" ("rivers named colorado"): a name given to many rows at once, not one row.
 */
public record Mention(String text, List<Meaning> meanings, boolean contained, boolean asked, boolean named, boolean possessed) {
    public Mention {
        meanings = List.copyOf(meanings);
    }

    public Mention(String text, List<Meaning> meanings, boolean contained, boolean asked, boolean named) {
        this(text, meanings, contained, asked, named, false);
    }

    public Mention(String text, List<Meaning> meanings, boolean contained, boolean asked) {
        this(text, meanings, contained, asked, false, false);
    }

    public Mention(String text, List<Meaning> meanings) {
        this(text, meanings, false, false, false, false);
    }
}
