package io.lodestone.testing;

import io.lodestone.avro.License;
import io.lodestone.avro.LicenseStatus;
import io.lodestone.avro.LicenseType;
import java.time.Instant;
import java.util.List;

/** Valid licence revisions for tests; callers change what the test is about. */
public final class Licences {

    private Licences() {}

    /**
     * A general Chinese antimony licence for CN-EXP-1 to Thailand and Mexico, valid through 2025.
     */
    public static License.Builder antimony(
            String id, int revision, String eventTime, LicenseStatus status) {
        return License.newBuilder()
                .setLicenseId(id)
                .setRevision(revision)
                .setEventTime(Instant.parse(eventTime))
                .setStatus(status)
                .setLicenseType(LicenseType.GENERAL)
                .setIssuingCountry("CN")
                .setExporterId("CN-EXP-1")
                .setHsCodes(List.of("8110", "282580"))
                .setPermittedDestinations(List.of("TH", "MX"))
                .setPermittedEndUsers(List.of())
                .setPermittedEndUses(List.of())
                .setQuantityLimitKg(null)
                .setValidFrom(Instant.parse("2025-01-01T00:00:00Z"))
                .setValidTo(Instant.parse("2026-01-01T00:00:00Z"));
    }
}
