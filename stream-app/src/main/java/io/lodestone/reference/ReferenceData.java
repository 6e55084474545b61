package io.lodestone.reference;

/**
 * The domain knowledge loaded at start: the commodity catalogue, the control list and each
 * commodity's materiality.
 */
public record ReferenceData(
        CommodityCatalogue catalogue, ControlList controlList, Materiality materiality) {

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

    public static ReferenceData load(
            DataFile catalogueFile, DataFile controlListFile, DataFile materialityFile) {
        CommodityCatalogue catalogue = CommodityCatalogue.load(catalogueFile);
        return new ReferenceData(
                catalogue,
                ControlList.load(controlListFile, catalogue),
                Materiality.load(materialityFile, catalogue));
    }

    /** The three files bundled with the application. */
    public static ReferenceData bundled() {
        return load(
                DataFile.of(null, BUNDLED_CATALOGUE),
                DataFile.of(null, BUNDLED_CONTROL_LIST),
                DataFile.of(null, BUNDLED_MATERIALITY));
    }
}
