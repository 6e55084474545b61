package io.lodestone.connectors.files;

import io.lodestone.declarations.EventKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A directory that declaration files are dropped into: {@code *.jsonl} (the contract's JSON Lines)
 * and {@code *.csv} (through a {@link ColumnMapping}). A file is read from a line on (a source
 * offset: where an earlier reader stopped), moved to {@code done/} when read to its end, or to
 * {@code error/} beside a {@code <name>.reason} file when it cannot be read at all. Files still
 * being written should arrive under another name and be renamed in: names starting with a dot and
 * other extensions are left alone.
 */
public final class Inbox {

    private final Path dir;
    private final EventKind kind;
    private final ColumnMapping csvMapping;

    public Inbox(Path dir, EventKind kind, ColumnMapping csvMapping) {
        this.dir = dir;
        this.kind = kind;
        this.csvMapping = csvMapping;
    }

    /** The files waiting, in name order (a file's name is its place in the queue). */
    public List<Path> waiting() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(Inbox::isDeclarationFile)
                    .sorted(Comparator.comparing(Path::getFileName))
                    .toList();
        }
    }

    private static boolean isDeclarationFile(Path file) {
        String name = file.getFileName().toString();
        return !name.startsWith(".") && (name.endsWith(".jsonl") || name.endsWith(".csv"));
    }

    /** {@code file}'s rows after line {@code afterLine} (0: all of them). */
    public Declarations open(Path file, long afterLine) throws IOException {
        Declarations declarations =
                file.getFileName().toString().endsWith(".csv")
                        ? CsvDeclarations.open(file, kind, csvMapping)
                        : new JsonLinesDeclarations(file, kind);
        return afterLine <= 0 ? declarations : new Skipping(declarations, afterLine);
    }

    /** Moves a file read to its end to {@code done/}. */
    public Path done(Path file) throws IOException {
        return moveTo("done", file);
    }

    /**
     * Moves a file that cannot be read to {@code error/}, with {@code reason} in {@code
     * error/<name>.reason}.
     */
    public Path failed(Path file, String reason) throws IOException {
        Path moved = moveTo("error", file);
        Files.writeString(
                moved.resolveSibling(moved.getFileName() + ".reason"),
                reason + System.lineSeparator());
        return moved;
    }

    private Path moveTo(String subdirectory, Path file) throws IOException {
        Path target =
                Files.createDirectories(dir.resolve(subdirectory)).resolve(file.getFileName());
        return Files.move(
                file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Rows after a line: those before it were read already. */
    private record Skipping(Declarations rows, long afterLine) implements Declarations {
        @Override
        public Row next() throws IOException {
            for (Row row = rows.next(); row != null; row = rows.next()) {
                if (row.lineNumber() > afterLine) {
                    return row;
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            rows.close();
        }
    }
}
