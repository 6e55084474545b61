package io.lodestone.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceDataTest {

    @TempDir Path tmp;

    private final ReferenceData bundled = ReferenceData.bundled();

    @Test
    void theCatalogueMapsACodeToItsLongestListedPrefix() {
        CommodityCatalogue catalogue = bundled.catalogue();
        assertThat(catalogue.commodityOf("85051110")).contains("rare-earth-magnets");
        assertThat(catalogue.commodityOf("81129230")).contains("germanium"); // not 8112 anything
        assertThat(catalogue.commodityOf("81129210")).contains("gallium");
        assertThat(catalogue.commodityOf("282580")).contains("antimony");
        assertThat(catalogue.commodityOf("28256000")).contains("germanium");
        assertThat(catalogue.commodityOf("81129290")).isEmpty();
        assertThat(catalogue.commodityOf("72085100")).isEmpty();
        assertThat(catalogue.commodities())
                .contains("antimony", "graphite", "rare-earth-compounds");
    }

    @Test
    void theControlListRestrictsChineseAntimonyToTheUs() {
        assertThat(bundled.controlList().restrictedPairs())
                .anySatisfy(
                        p ->
                                assertThat(p.origin() + ">" + p.destination() + ":" + p.commodity())
                                        .isEqualTo("CN>US:antimony"));
        assertThat(bundled.controlList().licenceRequirements()).hasSize(7);
    }

    @Test
    void everyCommodityHasADeclarationLimitAndAFileMissingOneIsRefused() throws IOException {
        assertThat(bundled.declarationLimits().of("antimony")).isEqualTo(2_000_000);
        assertThat(bundled.declarationLimits().of("germanium")).isEqualTo(50_000);
        assertThat(bundled.priceLimits().of("antimony")).isEqualTo(60_000);
        assertThat(bundled.priceLimits().largest()).isEqualTo(3_000_000);
        for (String commodity : bundled.catalogue().commodities()) {
            assertThat(bundled.declarationLimits().of(commodity))
                    .as("%s: the limit is far above a route's material month", commodity)
                    .isGreaterThan(10 * bundled.materiality().of(commodity));
        }
        Path file =
                Files.writeString(
                        tmp.resolve("limits.csv"),
                        "commodity,maxKgPerDeclaration,maxUsdPerKg,reason\n"
                                + "antimony,2000000,60000,a bulk lot\n");
        assertThatThrownBy(
                        () ->
                                FigurePerCommodity.declarationLimits(
                                        DataFile.of(file.toString(), "unused"),
                                        bundled.catalogue()))
                .hasMessageStartingWith(file + " gives no maxKgPerDeclaration for [cobalt, ")
                .hasMessageEndingWith(": every commodity of the catalogue needs one");
        Files.writeString(
                file, "commodity,maxKgPerDeclaration,maxUsdPerKg,reason\nantimony,9,lots,x\n");
        assertThatThrownBy(
                        () ->
                                FigurePerCommodity.priceLimits(
                                        DataFile.of(file.toString(), "unused"),
                                        bundled.catalogue()))
                .hasMessage(
                        file
                                + " line 2: expected"
                                + " 'commodity,maxKgPerDeclaration,maxUsdPerKg,reason' with a"
                                + " positive number, got 'antimony,9,lots,x'");
        Files.writeString(file, "commodity,maxKgPerDeclaration,reason\nantimony,2000000,a lot\n");
        assertThatThrownBy(
                        () ->
                                FigurePerCommodity.declarationLimits(
                                        DataFile.of(file.toString(), "unused"),
                                        bundled.catalogue()))
                .as("the file before unit values had three columns")
                .hasMessage(
                        file
                                + " line 2: expected"
                                + " 'commodity,maxKgPerDeclaration,maxUsdPerKg,reason' with a"
                                + " positive number, got 'antimony,2000000,a lot'");
    }

    @Test
    void aMalformedCatalogueLineIsReportedWithItsLineNumber() throws IOException {
        Path file =
                Files.writeString(
                        tmp.resolve("c.csv"),
                        "# comment\nhsPrefix,commodity,description\n8110,antimony,x\n81A0,bad,y\n");
        assertThatThrownBy(() -> CommodityCatalogue.load(DataFile.of(file.toString(), "unused")))
                .hasMessageContaining("line 4")
                .hasMessageContaining("'81A0,bad,y'");
    }

    @Test
    void aControlListNamingAnUnknownCommodityIsRefused() throws IOException {
        Path file =
                Files.writeString(
                        tmp.resolve("cl.json"),
                        """
                        {"licenceRequirements": [], "restrictedPairs": [
                          {"origin": "CN", "destination": "US", "commodity": "unobtainium", "since": "2024-12-03"}]}\
                        """);
        assertThatThrownBy(
                        () ->
                                ControlList.load(
                                        DataFile.of(file.toString(), "unused"),
                                        bundled.catalogue()))
                .hasMessageContaining("commodity 'unobtainium' is not in the commodity catalogue");
    }
}
