package io.lodestone.routes;

import io.lodestone.avro.Shipment;

/**
 * Commodity × origin × exporting country × importing country. Its string form {@code
 * commodity|origin|export|import} (e.g. {@code antimony|CN|TH|US}) is the key of {@code
 * route-volumes}; commodity names never contain '|'.
 */
public record RouteKey(
        String commodity, String originCountry, String exportCountry, String importCountry) {

    private static final char SEPARATOR = '|';

    public static RouteKey of(String commodity, Shipment shipment) {
        return new RouteKey(
                commodity,
                shipment.getOriginCountry(),
                shipment.getExportCountry(),
                shipment.getImportCountry());
    }

    public static RouteKey parse(String text) {
        String[] parts = text.split("\\|", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException(
                    "not a route key (commodity|origin|export|import): '" + text + "'");
        }
        return new RouteKey(parts[0], parts[1], parts[2], parts[3]);
    }

    public String asString() {
        return commodity
                + SEPARATOR
                + originCountry
                + SEPARATOR
                + exportCountry
                + SEPARATOR
                + importCountry;
    }

    @Override
    public String toString() {
        return asString();
    }
}
