package dev.tarn.live;

import java.util.Map;

/**
 * One row's change as one subscription sees it, with the row versions ({@code _seq}) that decide
 * whether the initial snapshot already showed it: {@code seq} of the new image, {@code oldSeq} of
 * the old one (0 when there is none).
 */
record RowChange(LiveEvent.ChangeType type, Map<String, Object> row, Map<String, Object> oldValues, long seq, long oldSeq) {
}
