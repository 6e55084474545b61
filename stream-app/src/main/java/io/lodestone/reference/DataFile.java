package io.lodestone.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference data file: a path on disk, or the copy bundled with the application when none is set.
 */
public record DataFile(Path path, String bundledResource) {

    public static DataFile of(String configuredPath, String bundledResource) {
        return new DataFile(
                configuredPath == null || configuredPath.isBlank() ? null : Path.of(configuredPath),
                bundledResource);
    }

    BufferedReader open() throws IOException {
        if (path != null) {
            try {
                return Files.newBufferedReader(path, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(
                        path.toAbsolutePath().toString(), null, "data file not found");
            }
        }
        InputStream in = DataFile.class.getClassLoader().getResourceAsStream(bundledResource);
        if (in == null) {
            throw new IOException(
                    "bundled data file " + bundledResource + " is missing from the classpath");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /**
     * One data line of a CSV data file: where it is, the line, and its first {@code cells}
     * comma-separated cells.
     */
    record CsvRow(String where, String line, String[] cells) {}

    /**
     * The data lines of this CSV file, split into at most {@code cells} cells: blank lines and
     * {@code #} comments are skipped, and the first remaining line, which names the columns. {@code
     * what} names the file in errors.
     */
    List<CsvRow> csvRows(String what, int cells) {
        List<CsvRow> rows = new ArrayList<>();
        try (BufferedReader reader = open()) {
            int lineNumber = 0;
            boolean header = true;
            for (String line; (line = reader.readLine()) != null; ) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                rows.add(new CsvRow(this + " line " + lineNumber, line, line.split(",", cells)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + this, e);
        }
        return rows;
    }

    @Override
    public String toString() {
        return path != null ? path.toString() : "classpath:" + bundledResource;
    }
}
