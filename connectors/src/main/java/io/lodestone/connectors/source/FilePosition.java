package io.lodestone.connectors.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Connect's source partition and offset of a declaration file, built and read here only. A file is
 * known by its name, size and modification time (a later file of the same name is another file);
 * its offset is the last line published and whether that was the end of the file. Connect finds a
 * stored offset by the serialized partition, so the maps are sorted: the same partition must
 * serialize to the same bytes in every JVM ({@code Map.of} iterates in an order that differs
 * between JVMs).
 */
public record FilePosition(String name, long size, long modifiedMillis) {

    private static final String FILE = "file";
    private static final String SIZE = "size";
    private static final String MODIFIED = "modified";
    private static final String LINE = "line";
    private static final String END = "end";

    /** Where a file stands: its last line published, and whether that line ended the file. */
    public record Offset(long line, boolean end) {
        public static final Offset START = new Offset(0, false);
    }

    public static FilePosition of(Path file) throws IOException {
        return new FilePosition(
                file.getFileName().toString(),
                Files.size(file),
                Files.getLastModifiedTime(file).toMillis());
    }

    public Map<String, Object> partition() {
        return new TreeMap<>(Map.of(FILE, name, SIZE, size, MODIFIED, modifiedMillis));
    }

    public static Map<String, Object> offset(long line, boolean end) {
        return new TreeMap<>(Map.of(LINE, line, END, end));
    }

    /** A stored offset map, or {@link Offset#START} when there is none. */
    public static Offset parseOffset(Map<String, Object> stored) {
        if (stored == null || !(stored.get(LINE) instanceof Number line)) {
            return Offset.START;
        }
        return new Offset(line.longValue(), Boolean.TRUE.equals(stored.get(END)));
    }
}
