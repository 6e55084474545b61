package io.lodestone.connectors.files;

import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.FileIngest;
import io.lodestone.declarations.LineReader;
import io.lodestone.declarations.RejectedRecordException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A JSON Lines declaration file, one event object per line in the contract, as {@code lodestone
 * ingest} reads it.
 */
final class JsonLinesDeclarations implements Declarations {

    private final LineReader lines;
    private final EventKind kind;

    JsonLinesDeclarations(Path file, EventKind kind) throws IOException {
        this.lines = new LineReader(file, FileIngest.MAX_RECORD_BYTES);
        this.kind = kind;
    }

    @Override
    public Row next() throws IOException {
        for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
            if (line.rejection() != null) {
                return new Row(line.number(), null, line.rejection());
            }
            if (!line.text().isBlank()) {
                try {
                    return new Row(line.number(), kind.parseLine(line.text()), null);
                } catch (RejectedRecordException e) {
                    return new Row(line.number(), null, e);
                }
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
