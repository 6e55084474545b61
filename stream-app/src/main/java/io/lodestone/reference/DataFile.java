package io.lodestone.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A reference data file: a path on disk, or the copy bundled with the application when none is set. */
public record DataFile(Path path, String bundledResource) {

    public static DataFile of(String configuredPath, String bundledResource) {
        return new DataFile(configuredPath == null || configuredPath.isBlank() ? null : Path.of(configuredPath), bundledResource);
    }

    BufferedReader open() throws IOException {
        if (path != null) {
            try {
                return Files.newBufferedReader(path, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(path.toAbsolutePath().toString(), null, "data file not found");
            }
        }
        InputStream in = DataFile.class.getClassLoader().getResourceAsStream(bundledResource);
        if (in == null) {
            throw new IOException("bundled data file " + bundledResource + " is missing from the classpath");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return path != null ? path.toString() : "classpath:" + bundledResource;
    }
}
