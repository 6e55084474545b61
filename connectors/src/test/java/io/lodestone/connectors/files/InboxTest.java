package io.lodestone.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.avro.Shipment;
import io.lodestone.declarations.EventKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxTest {

    private static final String HEADER =
            "shipmentId,eventTime,reporter,flow,hsCode,originCountry,exportCountry,importCountry,exporterId,exporterName,consigneeId,consigneeName,endUse,netWeightKg\n";

    @TempDir Path dir;

    private static String json(String id) {
        return "{\"shipmentId\":\""
                + id
                + "\",\"eventTime\":\"2025-03-01T08:00:00Z\",\"reporter\":\"TH\",\"flow\":\"EXPORT\","
                + "\"hsCode\":\"81101000\",\"originCountry\":\"CN\",\"exportCountry\":\"TH\",\"importCountry\":\"US\","
                + "\"exporterId\":\"TH-1\","
                + "\"exporterName\":\"Siam\",\"consigneeId\":\"US-1\",\"consigneeName\":\"Acme\",\"endUse\":\"CIVILIAN\","
                + "\"netWeightKg\":1000}";
    }

    private static List<String> read(Declarations declarations) throws Exception {
        List<String> rows = new ArrayList<>();
        try (declarations) {
            for (Declarations.Row row = declarations.next();
                    row != null;
                    row = declarations.next()) {
                rows.add(
                        row.lineNumber()
                                + ":"
                                + (row.event() != null
                                        ? ((Shipment) row.event()).getShipmentId()
                                        : "rejected " + row.rejection().getMessage()));
            }
        }
        return rows;
    }

    @Test
    void filesAreReadInNameOrderFromTheirOffsetAndMovedWhenDone() throws Exception {
        Files.writeString(
                dir.resolve("b.jsonl"), json("B-1") + "\n{\"shipmentId\":\n" + json("B-3") + "\n");
        Files.writeString(
                dir.resolve("a.csv"),
                HEADER
                        + "A-1,2025-03-01T08:00:00Z,TH,EXPORT,81101000,CN,TH,US,TH-1,Siam,US-1,Acme,CIVILIAN,1000\n");
        Files.writeString(dir.resolve(".c.jsonl.part"), json("C-1")); // still being written
        Files.writeString(dir.resolve("readme.txt"), "not a declaration file");
        Inbox inbox = new Inbox(dir, EventKind.SHIPMENTS, ColumnMapping.contract());

        assertThat(inbox.waiting())
                .extracting(p -> p.getFileName().toString())
                .containsExactly("a.csv", "b.jsonl");
        assertThat(read(inbox.open(dir.resolve("a.csv"), 0))).containsExactly("2:A-1");
        assertThat(read(inbox.open(dir.resolve("b.jsonl"), 0)))
                .hasSize(3)
                .startsWith("1:B-1")
                .endsWith("3:B-3")
                .anySatisfy(
                        row -> assertThat(row).startsWith("2:rejected NOT_JSON: not valid JSON"));
        assertThat(read(inbox.open(dir.resolve("b.jsonl"), 2)))
                .as("from the offset on")
                .containsExactly("3:B-3");

        Path done = inbox.done(dir.resolve("b.jsonl"));
        assertThat(done).isEqualTo(dir.resolve("done/b.jsonl")).exists();
        assertThat(inbox.waiting())
                .extracting(p -> p.getFileName().toString())
                .containsExactly("a.csv");
    }

    @Test
    void aFileThatCannotBeReadGoesToErrorWithItsReason() throws Exception {
        Path mapping =
                Files.writeString(
                        dir.resolve("mapping.properties"), "field.shipmentId = Declaration No\n");
        Path bad = Files.writeString(dir.resolve("broker.csv"), HEADER);
        Inbox inbox = new Inbox(dir, EventKind.SHIPMENTS, ColumnMapping.load(mapping));
        String reason = "";
        try {
            inbox.open(bad, 0).close();
        } catch (IllegalArgumentException e) {
            reason = e.getMessage();
        }
        assertThat(reason).contains("has no column 'Declaration No'");
        Path moved = inbox.failed(bad, reason);
        assertThat(moved).isEqualTo(dir.resolve("error/broker.csv")).exists();
        assertThat(Files.readString(dir.resolve("error/broker.csv.reason")))
                .contains("has no column 'Declaration No'");
        assertThat(inbox.waiting()).isEmpty();
        assertThatThrownBy(() -> inbox.open(dir.resolve("missing.jsonl"), 0))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
