package io.lodestone.reference;

/** The domain knowledge loaded at start: the commodity catalogue and the control list. */
public record ReferenceData(CommodityCatalogue catalogue, ControlList controlList) {

    public static ReferenceData load(DataFile catalogueFile, DataFile controlListFile) {
        CommodityCatalogue catalogue = CommodityCatalogue.load(catalogueFile);
        return new ReferenceData(catalogue, ControlList.load(controlListFile, catalogue));
    }
}
