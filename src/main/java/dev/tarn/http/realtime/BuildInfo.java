package dev.tarn.http.realtime;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/** The version and build date the health endpoints report. */
record BuildInfo(String version, String buildDate) {
    static final String VERSION = "0.1.0";

    BuildInfo {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(buildDate, "buildDate");
    }

    /**
     * The build date is the modification time of the jar (or classes folder) this code was loaded
     * from: the shaded jar is written once per build, so this needs no generated resource.
     */
    static BuildInfo current() {
        String date = "unknown";
        try {
            CodeSource source = BuildInfo.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                Instant modified = Files.getLastModifiedTime(Path.of(source.getLocation().toURI())).toInstant();
                date = DateTimeFormatter.ISO_LOCAL_DATE.format(modified.atOffset(ZoneOffset.UTC));
            }
        } catch (URISyntaxException | IOException | RuntimeException e) {
            // an unusual class loader: the date stays unknown, which no client depends on
        }
        return new BuildInfo(VERSION, date);
    }
}
