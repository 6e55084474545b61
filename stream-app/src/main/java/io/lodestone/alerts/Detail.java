package io.lodestone.alerts;

import io.lodestone.avro.Alert;
import java.util.Map;

/**
 * The names of the facts in an alert's {@code details} map, spelled here only (README's alert
 * catalogue lists them per type): what a person checks against the licence register, the control
 * list or the episode's history.
 */
public enum Detail {
    /**
     * A finding's record number: 1 for its first alert, 2, 3, … for each record that replaces it
     * (an episode's monthly update, a judgement revised after late data).
     */
    REVISION("revision"),
    /** {@link #WITHDRAWN} when the finding no longer holds; absent while it does. */
    STATUS("status"),
    /** A transshipment chain's hub company, its normalised name. */
    COMPANY("company"),
    INBOUND_CONSIGNEE("inboundConsignee"),
    OUTBOUND_EXPORTER("outboundExporter"),
    /** The month a route change or a rerouting episode began. */
    MONTH("month"),
    /** The closed month the alert was judged at. */
    JUDGED_MONTH("judgedMonth"),
    FIRST_CALLED("firstCalled"),
    METHOD("method"),
    /** The hubs of a rerouting episode named this month, comma-separated. */
    HUBS("hubs"),
    VIOLATIONS("violations"),
    LICENSE_STATUS("licenseStatus"),
    LICENSE_TYPE("licenseType"),
    VALID_FROM("validFrom"),
    VALID_TO("validTo"),
    HS_CODES("hsCodes"),
    PERMITTED_DESTINATIONS("permittedDestinations"),
    PERMITTED_END_USERS("permittedEndUsers"),
    CITED_LICENSE_ID("citedLicenseId"),
    /**
     * What withdrew a licence finding: the licence revision that arrived after the shipment was
     * judged ({@code <licenseId> revision <n>}), or the shipment's amendment ({@code amendment of
     * <shipmentId>}).
     */
    CLEARED_BY("clearedBy"),
    REQUIRED_SINCE("requiredSince"),
    RULE("rule"),
    RESTRICTED_SINCE("restrictedSince"),
    RESTRICTION("restriction"),
    HS_CODE("hsCode"),
    BAND_CODE("bandCode"),
    BAND_BASIS("bandBasis"),
    DIRECTION("direction"),
    CONTROLLED_CODE("controlledCode");

    /** The {@link #STATUS} of a withdrawn finding. */
    public static final String WITHDRAWN = "WITHDRAWN";

    private final String key;

    Detail(String key) {
        this.key = key;
    }

    /** The name in the map. */
    public String key() {
        return key;
    }

    public void put(Map<String, String> details, String value) {
        details.put(key, value);
    }

    /** The fact in {@code alert}'s details, or null when it has none. */
    public String in(Alert alert) {
        return alert.getDetails() == null ? null : alert.getDetails().get(key);
    }
}
