package io.lodestone.ingest;

import io.lodestone.avro.Shipment;
import io.lodestone.reference.CommodityCatalogue;
import io.lodestone.reference.FigurePerCommodity;
import io.lodestone.reference.ReferenceData;
import io.lodestone.reference.WatchCodes;
import io.lodestone.schemas.dlq.DlqReason;
import java.util.Locale;
import java.util.Optional;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;

/**
 * Checks a shipment's content against the contract and the reference data. The Avro schema already
 * guarantees types; this checks what a schema cannot: codes, ranges, keys, that its HS code is a
 * catalogue commodity's or a watch code, and that a declaration is one trade can make (its weight
 * and its USD per kg within its commodity's limits).
 */
public final class ShipmentValidator {

    private final CommodityCatalogue catalogue;
    private final WatchCodes watchCodes;
    private final FigurePerCommodity limits;
    private final FigurePerCommodity prices;

    public ShipmentValidator(ReferenceData reference) {
        this.catalogue = reference.catalogue();
        this.watchCodes = reference.watchCodes();
        this.limits = reference.declarationLimits();
        this.prices = reference.priceLimits();
    }

    /**
     * The stream of valid shipments; an invalid one throws, and the DLQ handler routes it to the
     * DLQ.
     */
    public static KStream<String, Shipment> build(
            KStream<String, Shipment> shipments, ReferenceData reference) {
        ShipmentValidator validator = new ShipmentValidator(reference);
        return shipments.mapValues(validator::validated, Named.as("validate-shipments"));
    }

    public Shipment validated(String key, Shipment s) {
        Checks.present(s, key);
        Checks.keyIsId(key, "shipmentId", s.getShipmentId());
        Checks.usableEventTime(s.getEventTime());
        Checks.required("exporterId", s.getExporterId());
        Checks.required("exporterName", s.getExporterName());
        Checks.required("consigneeId", s.getConsigneeId());
        Checks.required("consigneeName", s.getConsigneeName());
        Checks.country("reporter", s.getReporter());
        Checks.country("originCountry", s.getOriginCountry());
        Checks.country("exportCountry", s.getExportCountry());
        Checks.country("importCountry", s.getImportCountry());
        for (String transit : s.getTransitCountries()) {
            Checks.country("transitCountries", transit);
        }
        if (!(s.getNetWeightKg() > 0) || Double.isInfinite(s.getNetWeightKg())) {
            throw new InvalidRecordException(
                    DlqReason.INVALID_WEIGHT,
                    "netWeightKg must be greater than 0, got " + s.getNetWeightKg());
        }
        if (s.getValueUsd() != null && !(s.getValueUsd() >= 0)) {
            throw new InvalidRecordException(
                    DlqReason.INVALID_VALUE, "valueUsd must be 0 or more, got " + s.getValueUsd());
        }
        if (s.getRevision() != null && s.getRevision() < 1) {
            throw new InvalidRecordException(
                    DlqReason.INVALID_REVISION,
                    "revision must be 1 or more (or absent), got " + s.getRevision());
        }
        Checks.hsCode("hsCode", s.getHsCode());
        Optional<String> commodity = catalogue.commodityOf(s.getHsCode());
        if (commodity.isEmpty() && watchCodes.routeLabel(s.getHsCode()).isEmpty()) {
            throw new InvalidRecordException(
                    DlqReason.HS_CODE_NOT_IN_CATALOGUE,
                    "hsCode "
                            + s.getHsCode()
                            + " matches no prefix of the commodity catalogue nor of the watch"
                            + " codes");
        }
        // A watch code is other goods, whose lots can be of any size: only the largest ceiling.
        double maxKg = commodity.map(limits::of).orElseGet(limits::largest);
        if (s.getNetWeightKg() > maxKg) {
            throw new InvalidRecordException(
                    DlqReason.IMPLAUSIBLE_DECLARATION,
                    String.format(
                            Locale.ROOT,
                            "netWeightKg %s is above %,.0f kg, the heaviest single %s declaration"
                                    + " that is plausible (declaration.limits.file)",
                            s.getNetWeightKg(),
                            maxKg,
                            commodity.orElse("watch-code")));
        }
        double maxUsdPerKg = commodity.map(prices::of).orElseGet(prices::largest);
        if (s.getValueUsd() != null && s.getValueUsd() / s.getNetWeightKg() > maxUsdPerKg) {
            throw new InvalidRecordException(
                    DlqReason.IMPLAUSIBLE_DECLARATION,
                    String.format(
                            Locale.ROOT,
                            "valueUsd %s for netWeightKg %s is %,.0f USD/kg, above %,.0f USD/kg,"
                                    + " the highest plausible unit value for %s"
                                    + " (declaration.limits.file)",
                            s.getValueUsd(),
                            s.getNetWeightKg(),
                            s.getValueUsd() / s.getNetWeightKg(),
                            maxUsdPerKg,
                            commodity.orElse("a watch code")));
        }
        return s;
    }
}
