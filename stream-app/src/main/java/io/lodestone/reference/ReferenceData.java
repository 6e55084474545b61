package io.lodestone.reference;

/**
 * The domain knowledge loaded at start: the commodity catalogue, the control list, each commodity's
 * materiality and the heaviest declaration of it that is plausible.
 */
public record ReferenceData(
        CommodityCatalogue catalogue,
        ControlList controlList,
        KgPerCommodity materiality,
        KgPerCommodity declarationLimits) {

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

    public static ReferenceData load(
            DataFile catalogueFile,
            DataFile controlListFile,
            DataFile materialityFile,
            DataFile declarationLimitsFile) {
        CommodityCatalogue catalogue = CommodityCatalogue.load(catalogueFile);
        return new ReferenceData(
                catalogue,
                ControlList.load(controlListFile, catalogue),
                KgPerCommodity.materiality(materialityFile, catalogue),
                KgPerCommodity.declarationLimits(declarationLimitsFile, catalogue));
    }

    /** The four files bundled with the application. */
    public static ReferenceData bundled() {
        return load(
                DataFile.of(null, BUNDLED_CATALOGUE),
                DataFile.of(null, BUNDLED_CONTROL_LIST),
                DataFile.of(null, BUNDLED_MATERIALITY),
                DataFile.of(null, BUNDLED_DECLARATION_LIMITS));
    }
}
