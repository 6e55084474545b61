package io.lodestone.schemas.dlq;

/**
 * The headers Lodestone puts on a dead-letter record, whoever rejected it (the stream app, or the
 * source connector for a bad line of a declaration file).
 */
public final class DlqHeaders {

    /**
     * A {@link DlqReason}, whoever rejected the record (the stream app, or the source connector for
     * a line).
     */
    public static final String REASON = "lodestone.dlq.reason";

    /** One human sentence. */
    public static final String DETAIL = "lodestone.dlq.detail";

    /** The declaration file a rejected line came from (source connector). */
    public static final String SOURCE_FILE = "lodestone.source.file";

    /** The rejected line's number in its file, from 1 (source connector). */
    public static final String SOURCE_LINE = "lodestone.source.line";

    private DlqHeaders() {}
}
