package dev.tarn.live;

import dev.tarn.writes.Change;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the images of one change that matched a query into the row changes its subscribers receive. */
final class RowChanges {
    private RowChanges() {
    }

    record OwnedChange(String owner, RowChange change) {
    }

    /** Turns the matched images into row changes: an update whose row enters the result is an insert, one that leaves it a delete. */
    static List<OwnedChange> of(Change change, List<ChangeMatcher.Match> matches, List<String> primaryKey) {
        int newImages = change.rows().size();
        ChangeMatcher.Match[] byImage = new ChangeMatcher.Match[newImages + change.oldRows().size()];
        for (ChangeMatcher.Match match : matches) {
            byImage[match.image()] = match;
        }
        List<OwnedChange> changes = new ArrayList<>();
        switch (change.operation()) {
            case INSERT -> {
                for (int i = 0; i < newImages; i++) {
                    if (byImage[i] != null) {
                        changes.add(new OwnedChange(byImage[i].owner(), new RowChange(LiveEvent.ChangeType.INSERT, byImage[i].projected(), null, byImage[i].seq(), 0)));
                    }
                }
            }
            case DELETE -> {
                for (int i = newImages; i < byImage.length; i++) {
                    if (byImage[i] != null) {
                        changes.add(new OwnedChange(byImage[i].owner(), new RowChange(LiveEvent.ChangeType.DELETE, null, byImage[i].projected(), 0, byImage[i].seq())));
                    }
                }
            }
            case UPDATE -> {
                for (int i = 0; i < newImages; i++) {
                    ChangeMatcher.Match after = byImage[i];
                    ChangeMatcher.Match before = newImages + i < byImage.length ? byImage[newImages + i] : null;
                    if (after != null && before != null) {
                        changes.add(new OwnedChange(after.owner(), update(after, before, change.rows().get(i), change.oldRows().get(i), primaryKey)));
                    } else if (after != null) {
                        changes.add(new OwnedChange(after.owner(), new RowChange(LiveEvent.ChangeType.INSERT, after.projected(), null, after.seq(), 0)));
                    } else if (before != null) {
                        changes.add(new OwnedChange(before.owner(), new RowChange(LiveEvent.ChangeType.DELETE, null, before.projected(), 0, before.seq())));
                    }
                }
            }
            default -> {
            }
        }
        return changes;
    }

    /** rows: the non-null projected values plus the key and _seq; old values: the changed ones plus the key and _seq. */
    private static RowChange update(ChangeMatcher.Match after, ChangeMatcher.Match before, Map<String, Object> newImage,
                                    Map<String, Object> oldImage, List<String> primaryKey) {
        Map<String, Object> row = new LinkedHashMap<>();
        Map<String, Object> old = new LinkedHashMap<>();
        for (String key : primaryKey) {
            row.put(key, newImage.get(key));
            old.put(key, oldImage.get(key));
        }
        row.put(ChangeMatcher.SEQUENCE, after.seq());
        old.put(ChangeMatcher.SEQUENCE, before.seq());
        after.projected().forEach((column, value) -> {
            if (value != null) {
                row.put(column, value);
            }
        });
        before.projected().forEach((column, value) -> {
            if (!java.util.Objects.equals(value, after.projected().get(column))) {
                old.put(column, value);
            }
        });
        row.put(ChangeMatcher.SEQUENCE, after.seq());
        old.put(ChangeMatcher.SEQUENCE, before.seq());
        return new RowChange(LiveEvent.ChangeType.UPDATE, row, old, after.seq(), before.seq());
    }
}
