package io.lodestone.declarations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lodestone.avro.EndUse;
import io.lodestone.avro.Flow;
import io.lodestone.avro.Shipment;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShipmentJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode valid() {
        ObjectNode n = JSON.createObjectNode();
        n.put("shipmentId", "SHP-1");
        n.put("eventTime", "2025-01-15T08:30:00Z");
        n.put("reporter", "TH");
        n.put("flow", "EXPORT");
        n.put("hsCode", "2825.80.00");
        n.put("originCountry", "th");
        n.put("exportCountry", "TH");
        n.put("importCountry", "US");
        n.putArray("transitCountries");
        n.put("exporterId", "TH-EXP-1");
        n.put("exporterName", "Siam Antimony Trading Co., Ltd.");
        n.put("consigneeId", "US-IMP-9");
        n.put("consigneeName", "US Antimony Corp");
        n.put("endUse", "civilian");
        n.put("netWeightKg", 18500.5);
        n.put("valueUsd", 720000);
        return n;
    }

    @Test
    void mapsEveryFieldAndNormalisesCodes() {
        Shipment s = ShipmentJson.parse(valid());
        assertThat(s.getShipmentId()).isEqualTo("SHP-1");
        assertThat(s.getEventTime()).isEqualTo(Instant.parse("2025-01-15T08:30:00Z"));
        assertThat(s.getFlow()).isEqualTo(Flow.EXPORT);
        assertThat(s.getHsCode()).isEqualTo("28258000");
        assertThat(s.getOriginCountry()).isEqualTo("TH");
        assertThat(s.getEndUse()).isEqualTo(EndUse.CIVILIAN);
        assertThat(s.getNetWeightKg()).isEqualTo(18500.5);
        assertThat(s.getValueUsd()).isEqualTo(720000.0);
        assertThat(s.getTransitCountries()).isEmpty();
        assertThat(s.getLicenseId()).isNull();
        assertThat(s.getEndUserName()).isNull();
        assertThat(s.getRevision()).as("a first filing").isNull();
    }

    @Test
    void anAmendmentCarriesItsRevisionAWholeNumberOfAtLeastOne() {
        ObjectNode n = valid();
        n.put("revision", 2);
        assertThat(ShipmentJson.parse(n).getRevision()).isEqualTo(2);
        n.put("revision", 0);
        assertThatThrownBy(() -> ShipmentJson.parse(n))
                .hasMessage("INVALID_FIELD: revision must be a whole number of at least 1, got 0");
        n.put("revision", 1.5);
        assertThatThrownBy(() -> ShipmentJson.parse(n))
                .hasMessage(
                        "INVALID_FIELD: revision must be a whole number of at least 1, got 1.5");
    }

    @Test
    void acceptsAnOffsetInstant() {
        ObjectNode n = valid();
        n.put("eventTime", "2025-01-15T15:30:00+07:00");
        assertThat(ShipmentJson.parse(n).getEventTime())
                .isEqualTo(Instant.parse("2025-01-15T08:30:00Z"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "netWeightKg|-5|netWeightKg must be greater than 0, got -5",
                "netWeightKg|0|netWeightKg must be greater than 0, got 0",
                "valueUsd|-1|valueUsd must be 0 or more, got -1",
                "hsCode|'28A5'|hsCode must be 4 to 10 digits (dots allowed), got '28A5'",
                "hsCode|'282'|hsCode must be 4 to 10 digits (dots allowed), got '282'",
                "importCountry|'USA'|importCountry must be an ISO-3166 alpha-2 country code, got"
                        + " 'USA'",
                "flow|'TRANSIT'|flow must be one of [EXPORT, IMPORT], got 'TRANSIT'",
                "eventTime|'15/01/2025'|eventTime must be an ISO-8601 instant such as"
                        + " 2025-03-01T08:00:00Z, got '15/01/2025'",
            })
    void rejectsABadValueNamingTheFieldAndTheValue(String field, String value, String reason) {
        ObjectNode n = valid();
        if (field.equals("netWeightKg") || field.equals("valueUsd")) {
            n.put(field, Double.valueOf(value).intValue());
        } else {
            n.put(field, value);
        }
        assertThatThrownBy(() -> ShipmentJson.parse(n))
                .isInstanceOf(RejectedRecordException.class)
                .hasMessage("INVALID_FIELD: " + reason);
    }

    @Test
    void rejectsEachMissingRequiredField() {
        for (String field :
                List.of(
                        "shipmentId",
                        "eventTime",
                        "reporter",
                        "flow",
                        "hsCode",
                        "originCountry",
                        "exportCountry",
                        "importCountry",
                        "exporterId",
                        "exporterName",
                        "consigneeId",
                        "consigneeName",
                        "endUse",
                        "netWeightKg")) {
            ObjectNode n = valid();
            n.remove(field);
            assertThatThrownBy(() -> ShipmentJson.parse(n))
                    .as(field)
                    .hasMessage("MISSING_FIELD: missing required field " + field);
        }
    }

    @Test
    void rejectsABlankRequiredStringAsMissing() {
        ObjectNode n = valid();
        n.put("exporterId", "  ");
        assertThatThrownBy(() -> ShipmentJson.parse(n))
                .hasMessage("MISSING_FIELD: missing required field exporterId");
    }

    @Test
    void rejectsAnUnknownFieldSoTyposAreNotSilentlyDropped() {
        ObjectNode n = valid();
        n.put("licenceId", "L-1");
        assertThatThrownBy(() -> ShipmentJson.parse(n))
                .hasMessageStartingWith("UNKNOWN_FIELD: unknown field 'licenceId'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "[1,2 | NOT_JSON: not valid JSON: Unexpected end-of-input: expected close marker"
                        + " for Array (start marker at column 1) (column 5)",
                "{\"a\": NaN} | NOT_JSON: not valid JSON: Non-standard token 'NaN' (column 10)",
                "{\"a\":1}x | NOT_JSON: not valid JSON: Unrecognized token 'x': was expecting (JSON"
                        + " String, Number, Array, Object or token 'null', 'true' or 'false')"
                        + " (column 8)",
                "{\"a\":1}{\"b\":2} | NOT_JSON: not valid JSON: more text after the JSON object"
                        + " (column 8)",
                "[1] | NOT_JSON: expected a JSON object, got ARRAY"
            })
    void aLineThatIsNotOneJsonObjectSaysWhyInPlainWords(String line, String reason) {
        assertThatThrownBy(() -> EventKind.SHIPMENTS.parseLine(line)).hasMessage(reason);
    }
}
