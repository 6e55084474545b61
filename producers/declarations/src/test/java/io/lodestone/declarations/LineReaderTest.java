package io.lodestone.declarations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {

    @TempDir Path tmp;

    private List<LineReader.Line> read(byte[] content, long maxLineBytes) throws Exception {
        Path file = tmp.resolve("lines.jsonl");
        Files.write(file, content);
        List<LineReader.Line> lines = new ArrayList<>();
        try (LineReader reader = new LineReader(file, maxLineBytes)) {
            for (LineReader.Line line; (line = reader.next()) != null; ) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] b =
                    part instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) part;
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    @Test
    void linesEndWithNewlineOrCrlfAndTheLastNeedsNone() throws Exception {
        assertThat(read(bytes("{\"a\":1}\n{\"b\":\"Yünnan\"}\r\n\n{\"c\":3}"), 100))
                .extracting(LineReader.Line::text)
                .containsExactly("{\"a\":1}", "{\"b\":\"Yünnan\"}", "", "{\"c\":3}");
        assertThat(read(new byte[0], 100)).isEmpty();
        assertThat(read(bytes("x\n"), 100)).extracting(LineReader.Line::number).containsExactly(1L);
    }

    @Test
    void aByteThatIsNotUtf8RejectsItsLineOnly() throws Exception {
        List<LineReader.Line> lines =
                read(
                        bytes(
                                "{\"ok\":1}\n{\"exporterName\":\"Yun",
                                new byte[] {(byte) 0xff, (byte) 0xfe},
                                "nan\"}\n{\"ok\":3}\n"),
                        100);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).text()).isNull();
        assertThat(lines.get(1).rejection().getMessage())
                .isEqualTo("NOT_UTF8: byte 0xFF at byte 21 of the line");
        assertThat(lines.get(2).text()).isEqualTo("{\"ok\":3}");
        assertThat(lines.get(2).number()).isEqualTo(3);
    }

    @Test
    void aLineLongerThanTheLimitIsRejectedWithItsSizeAndTheNextOneIsRead() throws Exception {
        String big = "x".repeat(200_000); // spans several read buffers
        List<LineReader.Line> lines =
                read(bytes("{}\n", big, "\r\n", "y".repeat(1000), "\n{\"after\":1}"), 1000);
        assertThat(lines).extracting(LineReader.Line::number).containsExactly(1L, 2L, 3L, 4L);
        assertThat(lines.get(1).rejection().getMessage())
                .isEqualTo(
                        "RECORD_TOO_LARGE: the line has 200,000 bytes, a record may have at most"
                                + " 1,000");
        assertThat(lines.get(2).text()).as("exactly at the limit").hasSize(1000);
        assertThat(lines.get(3).text()).isEqualTo("{\"after\":1}");
    }

    @Test
    void aLongValidLineAcrossReadBuffersIsWhole() throws Exception {
        String longLine = "{\"name\":\"" + "é".repeat(70_000) + "\"}";
        assertThat(read(bytes(longLine, "\n"), 1_000_000))
                .singleElement()
                .extracting(LineReader.Line::text)
                .isEqualTo(longLine);
    }
}
