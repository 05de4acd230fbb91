package dev.tarn.ask.keys;

import dev.tarn.error.ErrorCode;
import dev.tarn.error.TarnException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A web origin, {@code scheme://host[:port]}, in the form browsers send in the {@code Origin}
 * header: lower case, no path, no default port. Both the origins an administrator allows and the
 * header of a request are brought to this form, so that comparing them is comparing strings.
 */
public record AllowedOrigin(String value) {
    private static final int MAXIMUM_LENGTH = 255;

    private static final java.util.regex.Pattern NORMALISED = java.util.regex.Pattern.compile("https?://[^/?#@\\sA-Z]+");

    public AllowedOrigin {
        if (value == null || !NORMALISED.matcher(value).matches()) {
            throw new IllegalArgumentException("not a normalised origin: " + value + " (use AllowedOrigin.of)");
        }
    }

    /** An origin an administrator allows; 400 with what to change when it is not one. */
    public static AllowedOrigin of(String text) {
        return parse(text).orElseThrow(() -> new TarnException(ErrorCode.INVALID_FIELD, "'" + text
                + "' is not an origin: give scheme://host or scheme://host:port (http or https, no path, no wildcard), e.g. https://shop.example.com"));
    }

    /** The normalised origin, or empty when the text is not an http(s) origin (a request's "null" origin included). */
    public static Optional<AllowedOrigin> parse(String text) {
        if (text == null || text.isBlank() || text.length() > MAXIMUM_LENGTH) {
            return Optional.empty();
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        boolean bareAuthority = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!(scheme.equals("http") || scheme.equals("https")) || host == null || host.isEmpty() || !bareAuthority) {
            return Optional.empty();
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String normalised = scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        return Optional.of(new AllowedOrigin(normalised));
    }

    @Override
    public String toString() {
        return value;
    }
}
