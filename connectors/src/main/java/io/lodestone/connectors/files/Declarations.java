package io.lodestone.connectors.files;

import io.lodestone.declarations.RejectedRecordException;
import java.io.IOException;
import org.apache.avro.specific.SpecificRecord;

/** A declaration file read one event at a time, whatever its format. */
public interface Declarations extends AutoCloseable {

    /** One line of the file: its number (from 1), and its event or why it has none. */
    record Row(long lineNumber, SpecificRecord event, RejectedRecordException rejection) {}

    /** The next row, or null at the end of the file. */
    Row next() throws IOException;

    @Override
    void close() throws IOException;
}
