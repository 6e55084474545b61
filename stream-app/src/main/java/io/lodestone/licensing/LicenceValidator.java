package io.lodestone.licensing;

import io.lodestone.avro.EndUse;
import io.lodestone.avro.License;
import io.lodestone.ingest.Checks;
import io.lodestone.ingest.InvalidRecordException;
import io.lodestone.schemas.dlq.DlqReason;
import java.util.Arrays;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Checks a licence revision's content; an invalid one throws, and the DLQ handler routes it to the
 * DLQ.
 */
public final class LicenceValidator {

    private LicenceValidator() {}

    public static KStream<String, License> build(KStream<String, License> licenses) {
        return licenses.mapValues(LicenceValidator::validated, Named.as("validate-licences"));
    }

    static License validated(String key, License l) {
        Checks.present(l, key);
        Checks.keyIsId(key, "licenseId", l.getLicenseId());
        Checks.usableEventTime(l.getEventTime());
        if (l.getRevision() < 1) {
            throw new InvalidRecordException(
                    DlqReason.INVALID_LICENSE_TERMS,
                    "revision must be at least 1, got " + l.getRevision());
        }
        Checks.country("issuingCountry", l.getIssuingCountry());
        if (l.getHsCodes().isEmpty()) {
            throw new InvalidRecordException(
                    DlqReason.EMPTY_HS_LIST, "licence " + l.getLicenseId() + " covers no HS code");
        }
        l.getHsCodes().forEach(code -> Checks.hsCode("hsCodes", code));
        l.getPermittedDestinations().forEach(code -> Checks.country("permittedDestinations", code));
        if (!l.getValidTo().isAfter(l.getValidFrom())) {
            throw new InvalidRecordException(
                    DlqReason.INVALID_VALIDITY,
                    "validTo " + l.getValidTo() + " is not after validFrom " + l.getValidFrom());
        }
        if (l.getQuantityLimitKg() != null && !(l.getQuantityLimitKg() > 0)) {
            throw new InvalidRecordException(
                    DlqReason.INVALID_LICENSE_TERMS,
                    "quantityLimitKg must be above 0, got " + l.getQuantityLimitKg());
        }
        for (String endUse : l.getPermittedEndUses()) {
            if (Arrays.stream(EndUse.values()).noneMatch(e -> e.name().equals(endUse))) {
                throw new InvalidRecordException(
                        DlqReason.INVALID_LICENSE_TERMS,
                        "permittedEndUses '"
                                + endUse
                                + "' is not one of "
                                + Arrays.toString(EndUse.values()));
            }
        }
        return l;
    }
}
