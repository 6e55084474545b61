package io.lodestone.schemas.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompatibilityCheckTest {

    private static final String V1 =
            """
            {"type":"record","name":"Thing","namespace":"t","fields":[
              {"name":"id","type":"string"}]}\
            """;

    @TempDir Path tmp;

    @Test
    void theProjectsOwnSchemasAreCompatibleWithEveryReleasedVersion() {
        assertThat(
                        CompatibilityCheck.check(
                                Path.of("src/main/avro"),
                                Path.of("released"),
                                List.of("Severity.avsc")))
                .isEmpty();
        assertThat(Path.of("released/Shipment/v1.avsc")).exists();
        assertThat(Path.of("released/Case/v1.avsc")).exists();
    }

    @Test
    void aStringFieldCannotBecomeAnEnumCompatiblySoCasesGainedAnEnumBesideTheirString()
            throws IOException {
        // Why Case.highestSeverity is a new field: Avro resolves no string written as an enum read
        // (type mismatch).
        List<CompatibilityCheck.Problem> problems =
                check(
                        """
                        {"type":"record","name":"Thing","namespace":"t","fields":[
                          {"name":"id","type":{"type":"enum","name":"Id","symbols":["A"]}}]}\
                        """);
        assertThat(problems)
                .singleElement()
                .asString()
                .contains("TYPE_MISMATCH")
                .contains("ENUM")
                .contains("STRING");
    }

    @Test
    void anOptionalFieldWithADefaultIsCompatible() throws IOException {
        List<CompatibilityCheck.Problem> problems =
                check(
                        """
                        {"type":"record","name":"Thing","namespace":"t","fields":[
                          {"name":"id","type":"string"},
                          {"name":"note","type":["null","string"],"default":null}]}\
                        """);
        assertThat(problems).isEmpty();
    }

    @Test
    void aNewRequiredFieldWithoutDefaultIsRejectedWithItsName() throws IOException {
        List<CompatibilityCheck.Problem> problems =
                check(
                        """
                        {"type":"record","name":"Thing","namespace":"t","fields":[
                          {"name":"id","type":"string"},
                          {"name":"weightKg","type":"double"}]}\
                        """);
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).toString())
                .startsWith("Thing cannot read data written with Thing/v1.avsc")
                .contains("weightKg");
    }

    @Test
    void aChangedFieldTypeIsRejected() throws IOException {
        List<CompatibilityCheck.Problem> problems =
                check(
                        """
                        {"type":"record","name":"Thing","namespace":"t","fields":[
                          {"name":"id","type":"long"}]}\
                        """);
        assertThat(problems).hasSize(1);
    }

    @Test
    void aReleasedSchemaWhoseCurrentFileIsGoneIsRejected() throws IOException {
        Files.createDirectories(tmp.resolve("current"));
        Files.createDirectories(tmp.resolve("released/Thing"));
        Files.writeString(tmp.resolve("released/Thing/v1.avsc"), V1);
        assertThat(CompatibilityCheck.check(tmp.resolve("current"), tmp.resolve("released")))
                .singleElement()
                .extracting(CompatibilityCheck.Problem::description)
                .asString()
                .contains("missing");
    }

    private List<CompatibilityCheck.Problem> check(String current) throws IOException {
        Files.createDirectories(tmp.resolve("current"));
        Files.createDirectories(tmp.resolve("released/Thing"));
        Files.writeString(tmp.resolve("released/Thing/v1.avsc"), V1);
        Files.writeString(tmp.resolve("current/Thing.avsc"), current);
        return CompatibilityCheck.check(tmp.resolve("current"), tmp.resolve("released"));
    }
}
