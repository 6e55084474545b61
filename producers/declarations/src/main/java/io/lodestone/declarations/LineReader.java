package io.lodestone.declarations;

import io.lodestone.schemas.dlq.DlqReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a declaration file (JSON Lines, CSV) one line at a time as bytes and decodes each line on
 * its own, so a line that is not UTF-8 or longer than a record may be is one rejected line, not the
 * end of the file. Lines end with {@code \n} or {@code \r\n}; the last line needs no line end.
 */
public final class LineReader implements AutoCloseable {

    /** One line: its number (from 1), its length in bytes, and its text, or why it has none. */
    public record Line(long number, long bytes, String text, RejectedRecordException rejection) {}

    private final InputStream in;
    private final long maxLineBytes;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[1 << 12];
    private long number;
    private final CharsetDecoder utf8 =
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);

    /** Lines longer than {@code maxLineBytes} are rejected without being held in memory whole. */
    public LineReader(Path file, long maxLineBytes) throws IOException {
        this.in = Files.newInputStream(file);
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the file. */
    public Line next() throws IOException {
        long length = 0;
        boolean any = false;
        byte last = 0;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int end = position;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            int chunk = end - position;
            if (length + chunk
                    <= maxLineBytes
                            + 1) { // one byte over the limit for a '\r' the line end may hold
                if (line.length < length + chunk) {
                    line = Arrays.copyOf(line, (int) Math.max(line.length * 2L, length + chunk));
                }
                System.arraycopy(buffer, position, line, (int) length, chunk);
            }
            length += chunk;
            last = chunk > 0 ? buffer[end - 1] : last;
            position = end;
            if (end < limit) {
                position++; // the '\n'
                break;
            }
        }
        number++;
        if (length > 0 && last == '\r') {
            length--;
        }
        if (length > maxLineBytes) {
            return new Line(
                    number,
                    length,
                    null,
                    new RejectedRecordException(
                            DlqReason.RECORD_TOO_LARGE,
                            String.format(
                                    "the line has %,d bytes, a record may have at most %,d",
                                    length, maxLineBytes)));
        }
        ByteBuffer input = ByteBuffer.wrap(line, 0, (int) length);
        CharBuffer output = CharBuffer.allocate((int) length);
        CoderResult result = utf8.reset().decode(input, output, true);
        if (result.isError()) {
            return new Line(
                    number,
                    length,
                    null,
                    new RejectedRecordException(
                            DlqReason.NOT_UTF8,
                            String.format(
                                    "byte 0x%02X at byte %,d of the line",
                                    line[input.position()] & 0xff, input.position() + 1)));
        }
        utf8.flush(output);
        return new Line(number, length, output.flip().toString(), null);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
