package io.lodestone.connectors.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lodestone.declarations.EventKind;
import io.lodestone.declarations.RejectedRecordException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDeclarationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHIPMENT_JSON =
            "{\"shipmentId\":\"SHP-1\",\"eventTime\":\"2025-03-01T08:00:00Z\",\"reporter\":\"TH\","
                + "\"flow\":\"EXPORT\",\"hsCode\":\"81101000\",\"originCountry\":\"CN\",\"exportCountry\":\"TH\",\"importCountry\":\"US\",\"transitCountries\":[\"MY\",\"SG\"],\"exporterId\":\"TH-EXP-1\",\"exporterName\":\"Siam"
                + " Antimony\",\"consigneeId\":\"US-1\",\"consigneeName\":\"Acme,"
                + " Inc.\",\"endUse\":\"CIVILIAN\",\"netWeightKg\":12500.0,\"valueUsd\":98000.0}";

    @TempDir Path tmp;

    private List<Declarations.Row> read(String csv, EventKind kind, ColumnMapping mapping)
            throws Exception {
        Path file = Files.writeString(tmp.resolve("declarations.csv"), csv);
        List<Declarations.Row> rows = new ArrayList<>();
        try (CsvDeclarations declarations = CsvDeclarations.open(file, kind, mapping)) {
            for (Declarations.Row row = declarations.next();
                    row != null;
                    row = declarations.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void aRowInTheContractsColumnsIsTheEventItsJsonLineIs() throws Exception {
        List<Declarations.Row> rows =
                read(
                        """
                        shipmentId,eventTime,reporter,flow,hsCode,originCountry,exportCountry,importCountry,transitCountries,exporterId,\
                        exporterName,consigneeId,consigneeName,endUse,netWeightKg,valueUsd
                        SHP-1,2025-03-01T08:00:00Z,TH,EXPORT,81101000,CN,TH,US,MY;SG,TH-EXP-1,Siam Antimony,US-1,"Acme, Inc.",CIVILIAN,12500,98000
                        """,
                        EventKind.SHIPMENTS,
                        ColumnMapping.contract());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).lineNumber()).isEqualTo(2);
        assertThat(rows.get(0).rejection()).isNull();
        assertThat(rows.get(0).event())
                .isEqualTo(EventKind.SHIPMENTS.parse((ObjectNode) JSON.readTree(SHIPMENT_JSON)));
    }

    @Test
    void aCustomsBrokersLayoutIsReadThroughItsMapping() throws Exception {
        Path mapping =
                Files.writeString(
                        tmp.resolve("broker.properties"),
                        """
                        # A customs broker's export: its own column names, tonnes, dotted HS codes
                        field.shipmentId = Declaration No
                        field.eventTime = Declared At
                        field.reporter = Reporter
                        field.flow = Direction
                        field.hsCode = HS Code
                        field.originCountry = Origin
                        field.exportCountry = From
                        field.importCountry = To
                        field.transitCountries = Via
                        field.exporterId = Exporter ID
                        field.exporterName = Exporter
                        field.consigneeId = Consignee ID
                        field.consigneeName = Consignee
                        field.endUse = End Use
                        field.netWeightKg = Net Mass (t)
                        field.valueUsd = Value USD
                        weight.unit = t
                        hsCode.remove = .
                        """);
        List<Declarations.Row> rows =
                read(
                        """
                        Declaration No,Declared At,Reporter,Direction,HS Code,Origin,From,To,Via,Exporter ID,Exporter,Consignee ID,Consignee,\
                        End Use,Net Mass (t),Value USD,Broker Ref
                        SHP-1,2025-03-01T08:00:00Z,TH,EXPORT,8110.10.00,CN,TH,US,MY;SG,TH-EXP-1,Siam Antimony,US-1,"Acme, Inc.",CIVILIAN,12.5,\
                        98000,B-77
                        """,
                        EventKind.SHIPMENTS,
                        ColumnMapping.load(mapping));
        assertThat(rows)
                .extracting(Declarations.Row::rejection)
                .containsExactly((RejectedRecordException) null);
        assertThat(rows.get(0).event())
                .isEqualTo(EventKind.SHIPMENTS.parse((ObjectNode) JSON.readTree(SHIPMENT_JSON)));
    }

    @Test
    void badRowsAreRejectedWithTheirLineNumberAndTheIngestsReasonAndTheFileGoesOn()
            throws Exception {
        String header =
                "shipmentId,eventTime,reporter,flow,hsCode,originCountry,exportCountry,importCountry,exporterId,exporterName,consigneeId,consigneeName,endUse,netWeightKg\n";
        List<Declarations.Row> rows =
                read(
                        header
                                + "SHP-1,2025-03-01T08:00:00Z,TH,EXPORT,81101000,CN,TH,US,TH-1,Siam,US-1,Acme,CIVILIAN,1000\n"
                                + "SHP-2,2025-03-01T08:00:00Z,TH,EXPORT,81101000,CN,TH,USA,TH-1,Siam,US-1,Acme,CIVILIAN,1000\n"
                                + "\n"
                                + "SHP-3,2025-03-01T08:00:00Z,TH,EXPORT,81101000,CN,TH,US,TH-1,,US-1,Acme,CIVILIAN,1000\n"
                                + "SHP-4,2025-03-01T08:00:00Z,TH,EXPORT,81101000,CN,TH,US,TH-1,Siam,US-1,Acme,CIVILIAN,heavy\n"
                                + "SHP-5,2025-03-01T08:00:00Z,TH,EXPORT,81101000,CN,TH,US,TH-1,Siam,US-1,Acme,CIVILIAN,1000,extra\n"
                                + "SHP-6,2025-03-02T08:00:00Z,TH,EXPORT,81101000,CN,TH,US,TH-1,Siam,US-1,Acme,CIVILIAN,2000\n",
                        EventKind.SHIPMENTS,
                        ColumnMapping.contract());
        assertThat(rows)
                .extracting(Declarations.Row::lineNumber)
                .containsExactly(2L, 3L, 5L, 6L, 7L, 8L);
        assertThat(rows.get(0).event()).isNotNull();
        assertThat(rows.get(1).rejection().getMessage()).contains("importCountry").contains("USA");
        assertThat(rows.get(2).rejection().getMessage()).contains("exporterName");
        assertThat(rows.get(3).rejection().getMessage()).contains("netWeightKg");
        assertThat(rows.get(4).rejection().getMessage())
                .isEqualTo("NOT_CSV: the row has 15 cells, the header 14 columns");
        assertThat(rows.get(5).event()).isNotNull();
    }

    @Test
    void licencesTakeListsOfHsCodes() throws Exception {
        List<Declarations.Row> rows =
                read(
                        """
                        licenseId,revision,eventTime,status,licenseType,issuingCountry,exporterId,hsCodes,permittedDestinations,validFrom,\
                        validTo,quantityLimitKg
                        CN-1,1,2025-01-01T00:00:00Z,GRANTED,GENERAL,CN,CN-EXP-1,2825.80;8110,TH;MX,2025-01-01T00:00:00Z,2026-01-01T00:00:00Z,5
                        """,
                        EventKind.LICENSES,
                        new ColumnMapping(java.util.Map.of(), 1_000.0, "."));
        assertThat(rows.get(0).rejection()).isNull();
        assertThat(((io.lodestone.avro.License) rows.get(0).event()).getHsCodes().toString())
                .isEqualTo("[282580, 8110]");
        assertThat(((io.lodestone.avro.License) rows.get(0).event()).getQuantityLimitKg())
                .isEqualTo(5_000.0);
    }

    @Test
    void aMappingOrHeaderThatCannotWorkIsRefusedNamingWhy() throws Exception {
        Path typo = Files.writeString(tmp.resolve("typo.properties"), "feild.shipmentId = No\n");
        assertThatThrownBy(() -> ColumnMapping.load(typo))
                .hasMessageStartingWith("unknown key 'feild.shipmentId' in the column mapping");
        Path unit = Files.writeString(tmp.resolve("unit.properties"), "weight.unit = lb\n");
        assertThatThrownBy(() -> ColumnMapping.load(unit))
                .hasMessageEndingWith("must be kg or t, got 'lb'");
        Path mapping =
                Files.writeString(
                        tmp.resolve("m.properties"), "field.shipmentId = Declaration No\n");
        assertThatThrownBy(
                        () ->
                                read(
                                        "No,eventTime\nSHP-1,2025-03-01T08:00:00Z\n",
                                        EventKind.SHIPMENTS,
                                        ColumnMapping.load(mapping)))
                .hasMessageContaining("has no column 'Declaration No' (mapped to shipmentId)");
    }
}
