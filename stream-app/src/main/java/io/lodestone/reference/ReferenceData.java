package io.lodestone.reference;

/** The domain knowledge loaded at start: the commodity catalogue, the control list and each commodity's materiality. */
public record ReferenceData(CommodityCatalogue catalogue, ControlList controlList, Materiality materiality) {

    public static ReferenceData load(DataFile catalogueFile, DataFile controlListFile, DataFile materialityFile) {
        CommodityCatalogue catalogue = CommodityCatalogue.load(catalogueFile);
        return new ReferenceData(catalogue, ControlList.load(controlListFile, catalogue), Materiality.load(materialityFile, catalogue));
    }
}
