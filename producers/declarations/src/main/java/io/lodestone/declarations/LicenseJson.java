package io.lodestone.declarations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lodestone.avro.EndUse;
import io.lodestone.avro.License;
import io.lodestone.avro.LicenseStatus;
import io.lodestone.avro.LicenseType;
import io.lodestone.schemas.dlq.DlqReason;
import java.time.Instant;
import java.util.Set;

/** Maps one JSON object with the contract's field names to a {@link License} revision. */
final class LicenseJson {

    static final Set<String> FIELDS = JsonFields.namesOf(License.getClassSchema());

    private LicenseJson() {}

    static License parse(ObjectNode json) {
        JsonFields f = new JsonFields(json, FIELDS);
        Instant validFrom = f.requiredInstant("validFrom");
        Instant validTo = f.requiredInstant("validTo");
        if (!validTo.isAfter(validFrom)) {
            throw new RejectedRecordException(
                    DlqReason.INVALID_FIELD,
                    "validTo (" + validTo + ") must be after validFrom (" + validFrom + ")");
        }
        return License.newBuilder()
                .setLicenseId(f.requiredString("licenseId"))
                .setRevision(f.requiredPositiveInt("revision"))
                .setEventTime(f.requiredInstant("eventTime"))
                .setStatus(f.requiredEnum("status", LicenseStatus.class))
                .setLicenseType(f.requiredEnum("licenseType", LicenseType.class))
                .setIssuingCountry(f.requiredCountry("issuingCountry"))
                .setExporterId(f.optionalString("exporterId"))
                .setHsCodes(f.hsCodeList("hsCodes"))
                .setPermittedDestinations(f.countryList("permittedDestinations", true))
                .setPermittedEndUsers(f.stringList("permittedEndUsers", false))
                .setPermittedEndUses(f.enumNameList("permittedEndUses", EndUse.class))
                .setQuantityLimitKg(f.optionalPositive("quantityLimitKg"))
                .setValidFrom(validFrom)
                .setValidTo(validTo)
                .build();
    }
}
