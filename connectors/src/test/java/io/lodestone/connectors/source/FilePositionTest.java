package io.lodestone.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FilePositionTest {

    @Test
    void thePartitionAndOffsetIterateInOneOrderSoTheySerializeToTheSameBytesInEveryJvm() {
        assertThat(new FilePosition("a.jsonl", 10, 20).partition().keySet())
                .containsExactly("file", "modified", "size");
        assertThat(FilePosition.offset(7, true).keySet()).containsExactly("end", "line");
    }

    @Test
    void aStoredOffsetIsReadBackAndNoneMeansTheStart() {
        assertThat(FilePosition.parseOffset(Map.of("line", 42L, "end", true)))
                .isEqualTo(new FilePosition.Offset(42, true));
        assertThat(FilePosition.parseOffset(Map.of("line", 42, "end", false)))
                .isEqualTo(new FilePosition.Offset(42, false));
        assertThat(FilePosition.parseOffset(null)).isEqualTo(FilePosition.Offset.START);
    }
}
