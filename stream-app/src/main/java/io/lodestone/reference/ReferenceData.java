package io.lodestone.reference;

/**
 * The domain knowledge loaded at start: the commodity catalogue, the control list, each commodity's
 * materiality, the heaviest declaration of it and the highest unit value that are plausible, the
 * watch codes controlled commodities are passed off as, and the smallest value gap worth a
 * unit-value alert.
 */
public record ReferenceData(
        CommodityCatalogue catalogue,
        ControlList controlList,
        FigurePerCommodity materiality,
        FigurePerCommodity declarationLimits,
        FigurePerCommodity priceLimits,
        WatchCodes watchCodes,
        FigurePerCommodity valueMateriality) {

    /** The catalogue bundled with the application, used when {@code catalogue.file} names none. */
    public static final String BUNDLED_CATALOGUE = "lodestone/commodities.csv";

    /**
     * The control list bundled with the application, used when {@code control.list.file} names
     * none.
     */
    public static final String BUNDLED_CONTROL_LIST = "lodestone/control-list.json";

    /**
     * The materiality table bundled with the application, used when {@code materiality.file} names
     * none.
     */
    public static final String BUNDLED_MATERIALITY = "lodestone/materiality.csv";

    /**
     * The declaration limits bundled with the application, used when {@code
     * declaration.limits.file} names none.
     */
    public static final String BUNDLED_DECLARATION_LIMITS = "lodestone/declaration-limits.csv";

    /**
     * The watch codes bundled with the application, used when {@code watch.codes.file} names none.
     */
    public static final String BUNDLED_WATCH_CODES = "lodestone/watch-codes.csv";

    /**
     * The value materiality bundled with the application, used when {@code value.materiality.file}
     * names none.
     */
    public static final String BUNDLED_VALUE_MATERIALITY = "lodestone/value-materiality.csv";

    public static ReferenceData load(
            DataFile catalogueFile,
            DataFile controlListFile,
            DataFile materialityFile,
            DataFile declarationLimitsFile,
            DataFile watchCodesFile,
            DataFile valueMaterialityFile) {
        CommodityCatalogue catalogue = CommodityCatalogue.load(catalogueFile);
        return new ReferenceData(
                catalogue,
                ControlList.load(controlListFile, catalogue),
                FigurePerCommodity.materiality(materialityFile, catalogue),
                FigurePerCommodity.declarationLimits(declarationLimitsFile, catalogue),
                FigurePerCommodity.priceLimits(declarationLimitsFile, catalogue),
                WatchCodes.load(watchCodesFile, catalogue),
                FigurePerCommodity.valueMateriality(valueMaterialityFile, catalogue));
    }

    /** The six files bundled with the application. */
    public static ReferenceData bundled() {
        return load(
                DataFile.of(null, BUNDLED_CATALOGUE),
                DataFile.of(null, BUNDLED_CONTROL_LIST),
                DataFile.of(null, BUNDLED_MATERIALITY),
                DataFile.of(null, BUNDLED_DECLARATION_LIMITS),
                DataFile.of(null, BUNDLED_WATCH_CODES),
                DataFile.of(null, BUNDLED_VALUE_MATERIALITY));
    }

    /**
     * What {@code hsCode}'s volume is aggregated as: its controlled commodity, or its watch code's
     * own label ({@code watch:282590}), never the commodity it may disguise. A code that is neither
     * was refused at validation.
     */
    public String routeLabel(String hsCode) {
        return catalogue
                .commodityOf(hsCode)
                .or(() -> watchCodes.routeLabel(hsCode))
                .orElseThrow(
                        () ->
                                new IllegalArgumentException(
                                        "hsCode "
                                                + hsCode
                                                + " is neither in the catalogue nor a watch code"));
    }

    /**
     * The smallest value gap (USD) worth a unit-value alert on {@code hsCode}: its commodity's, or
     * for a watch code the smallest of the commodities it may disguise.
     */
    public double materialUsd(String hsCode) {
        return catalogue
                .commodityOf(hsCode)
                .map(valueMateriality::of)
                .orElseGet(
                        () ->
                                watchCodes.of(hsCode).stream()
                                        .mapToDouble(w -> valueMateriality.of(w.commodity()))
                                        .min()
                                        .orElseThrow());
    }

    /** Whether {@code hsCode} is a controlled commodity's (not a watch code's). */
    public boolean isControlled(String hsCode) {
        return catalogue.commodityOf(hsCode).isPresent();
    }
}
