package dev.tarn.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The value a FILE column holds (contract 1.6): which stored file, in which subfolder, with the
 * name, size, MIME type and SHA-256 it was uploaded with.
 */
public record FileReference(String id, String subfolder, String name, long size, String mime, String sha256) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public FileReference {
        if (!FileStore.validFileId(id)) {
            throw new IllegalArgumentException("bad file id " + id);
        }
        if (!FileStore.validSubfolder(subfolder)) {
            throw new IllegalArgumentException("bad subfolder " + subfolder);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mime, "mime");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }

    /** The JSON text stored in the column: {"id","sub","name","size","mime","sha256"}. */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("sub", subfolder);
        node.put("name", name);
        node.put("size", size);
        node.put("mime", mime);
        node.put("sha256", sha256);
        return node.toString();
    }

    static FileReference fromJson(String text) {
        try {
            var node = JSON.readTree(text);
            return new FileReference(node.path("id").asText(), node.path("sub").asText(), node.path("name").asText(),
                    node.path("size").asLong(), node.path("mime").asText(), node.path("sha256").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
