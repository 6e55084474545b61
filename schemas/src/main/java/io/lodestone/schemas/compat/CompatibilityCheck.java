package io.lodestone.schemas.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * BACKWARD compatibility gate: every current schema {@code <current>/<Name>.avsc} must be able to
 * read data written with every released version {@code <released>/<Name>/v*.avsc} (Avro's own
 * {@link SchemaCompatibility}). A schema with no released version yet is new and passes; a released
 * name with no current schema is an error (topics still hold that data). Current schemas may use
 * types of the shared files (e.g. {@code Severity.avsc}), parsed first; a released version is the
 * whole schema, self-contained.
 */
public final class CompatibilityCheck {

    private CompatibilityCheck() {}

    /** One incompatibility, readable by a person. */
    public record Problem(String schemaName, String releasedFile, String description) {
        @Override
        public String toString() {
            return schemaName
                    + " cannot read data written with "
                    + releasedFile
                    + ": "
                    + description;
        }
    }

    public static List<Problem> check(Path currentDir, Path releasedDir) {
        return check(currentDir, releasedDir, List.of());
    }

    /** {@code sharedTypes}: files of {@code currentDir} that define types the others use. */
    public static List<Problem> check(Path currentDir, Path releasedDir, List<String> sharedTypes) {
        List<Problem> problems = new ArrayList<>();
        for (Path releasedSchemaDir : list(releasedDir)) {
            if (!Files.isDirectory(releasedSchemaDir)) {
                continue;
            }
            String name = releasedSchemaDir.getFileName().toString();
            Path currentFile = currentDir.resolve(name + ".avsc");
            if (!Files.exists(currentFile)) {
                problems.add(
                        new Problem(
                                name,
                                releasedSchemaDir.toString(),
                                "the current schema " + currentFile + " is missing"));
                continue;
            }
            Schema reader = parse(currentFile, currentDir, sharedTypes);
            for (Path releasedFile : list(releasedSchemaDir)) {
                if (!releasedFile.toString().endsWith(".avsc")) {
                    continue;
                }
                Schema writer = parse(releasedFile, releasedDir, List.of());
                SchemaPairCompatibility result =
                        SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
                if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                    problems.add(
                            new Problem(
                                    name,
                                    releasedSchemaDir.getFileName()
                                            + "/"
                                            + releasedFile.getFileName(),
                                    result.getResult().getIncompatibilities().toString()));
                }
            }
        }
        return problems;
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static Schema parse(Path file, Path dir, List<String> sharedTypes) {
        Schema.Parser parser = new Schema.Parser();
        try {
            for (String shared : sharedTypes) {
                parser.parse(dir.resolve(shared).toFile());
            }
            return parser.parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + file, e);
        }
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            throw new IllegalArgumentException(
                    "usage: CompatibilityCheck <current-schema-dir> <released-schema-dir>"
                            + " [shared-type-file ...]");
        }
        List<Problem> problems =
                check(Path.of(args[0]), Path.of(args[1]), List.of(args).subList(2, args.length));
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("[schema-compatibility] " + p));
            // exec:java turns an exception into a build failure with this message.
            throw new IllegalStateException(
                    problems.size()
                            + " schema change(s) are not BACKWARD compatible. Make new fields"
                            + " optional with a default, or release a new topic; see"
                            + " schemas/README.md.");
        }
        System.out.println(
                "[schema-compatibility] all schemas are BACKWARD compatible with their released"
                        + " versions");
    }
}
