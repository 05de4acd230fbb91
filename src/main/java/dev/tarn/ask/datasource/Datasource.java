package dev.tarn.ask.datasource;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One AskTable datasource as stored.
 *
 * @param version changes whenever anything a question depends on changes: metadata, visibility,
 *                value indexes, files or the connection; the question layer caches by it
 */
public record Datasource(String id, String projectId, String name, DatasourceEngine engine, String description,
                         AccessConfig accessConfig, MetaStatus metaStatus, Optional<String> metaError, List<String> sampleQuestions,
                         List<DatasourceFile> files, Optional<DatasourceMeta> meta, long version, Instant createdAt, Instant modifiedAt) {
    public Datasource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(engine, "engine");
        description = description == null ? "" : description;
        Objects.requireNonNull(accessConfig, "accessConfig");
        Objects.requireNonNull(metaStatus, "metaStatus");
        Objects.requireNonNull(metaError, "metaError");
        sampleQuestions = List.copyOf(sampleQuestions);
        files = List.copyOf(files);
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
    }

    public int schemaCount() {
        return meta.map(m -> m.schemas().size()).orElse(0);
    }

    public int tableCount() {
        return meta.map(DatasourceMeta::tableCount).orElse(0);
    }

    public int fieldCount() {
        return meta.map(DatasourceMeta::fieldCount).orElse(0);
    }

    /** A copy with the next version and the given modification time. */
    Datasource changed(Instant now) {
        return new Datasource(id, projectId, name, engine, description, accessConfig, metaStatus, metaError, sampleQuestions, files,
                meta, version + 1, createdAt, now);
    }

    Datasource withMeta(Optional<DatasourceMeta> newMeta, MetaStatus status, Optional<String> error) {
        return new Datasource(id, projectId, name, engine, description, accessConfig, status, error, sampleQuestions, files,
                newMeta, version, createdAt, modifiedAt);
    }

    Datasource withFiles(List<DatasourceFile> newFiles) {
        return new Datasource(id, projectId, name, engine, description, accessConfig, metaStatus, metaError, sampleQuestions, newFiles,
                meta, version, createdAt, modifiedAt);
    }

    Datasource withDetails(String newName, String newDescription, AccessConfig newConfig, List<String> newSampleQuestions) {
        return new Datasource(id, projectId, newName, engine, newDescription, newConfig, metaStatus, metaError, newSampleQuestions, files,
                meta, version, createdAt, modifiedAt);
    }

    @Override
    public String toString() {
        return "Datasource[id=" + id + ", engine=" + engine.wireName() + ", name=" + name + ", accessConfig=" + accessConfig + "]";
    }
}
