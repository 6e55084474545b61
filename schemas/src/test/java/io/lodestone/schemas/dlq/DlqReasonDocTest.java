package io.lodestone.schemas.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The README is where operators look a DLQ reason up: every reason has to be there. */
class DlqReasonDocTest {

    @Test
    void theReadmeNamesEveryReason() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        assertThat(Arrays.stream(DlqReason.values()).map(r -> "`" + r.name() + "`"))
                .allSatisfy(code -> assertThat(readme).contains(code));
    }
}
