package io.lodestone.declarations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lodestone.avro.License;
import io.lodestone.avro.LicenseStatus;
import io.lodestone.avro.LicenseType;
import java.util.List;
import org.junit.jupiter.api.Test;

class LicenseJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode valid() throws Exception {
        return (ObjectNode)
                JSON.readTree(
                        """
                        {"licenseId":"CN-MAG-2025-0007","revision":1,"eventTime":"2025-06-02T00:00:00Z","status":"GRANTED",
                         "licenseType":"TEMPORARY","issuingCountry":"CN","exporterId":"CN-EXP-0003","hsCodes":["8505.11"],
                         "permittedDestinations":["US"],"permittedEndUsers":["Detroit Motors"],"quantityLimitKg":40000,
                         "validFrom":"2025-06-02T00:00:00Z","validTo":"2025-12-02T00:00:00Z"}\
                        """);
    }

    @Test
    void mapsEveryField() throws Exception {
        License l = LicenseJson.parse(valid());
        assertThat(l.getStatus()).isEqualTo(LicenseStatus.GRANTED);
        assertThat(l.getLicenseType()).isEqualTo(LicenseType.TEMPORARY);
        assertThat(l.getHsCodes()).containsExactly("850511");
        assertThat(l.getPermittedDestinations()).containsExactly("US");
        assertThat(l.getPermittedEndUsers()).containsExactly("Detroit Motors");
        assertThat(l.getQuantityLimitKg()).isEqualTo(40000.0);
    }

    @Test
    void rejectsValidToNotAfterValidFrom() throws Exception {
        ObjectNode n = valid();
        n.put("validTo", "2025-06-01T00:00:00Z");
        assertThatThrownBy(() -> LicenseJson.parse(n))
                .hasMessage(
                        "INVALID_FIELD: validTo (2025-06-01T00:00:00Z) must be after validFrom"
                                + " (2025-06-02T00:00:00Z)");
    }

    @Test
    void rejectsAnEmptyHsListAndAnUnknownStatus() throws Exception {
        ObjectNode empty = valid();
        empty.putArray("hsCodes");
        assertThatThrownBy(() -> LicenseJson.parse(empty))
                .hasMessage("INVALID_FIELD: hsCodes must list at least one HS code");

        ObjectNode status = valid();
        status.put("status", "PENDING");
        assertThatThrownBy(() -> LicenseJson.parse(status))
                .hasMessage(
                        "INVALID_FIELD: status must be one of "
                                + List.of(LicenseStatus.values())
                                + ", got 'PENDING'");
    }
}
