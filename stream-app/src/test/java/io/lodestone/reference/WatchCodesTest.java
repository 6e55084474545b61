package io.lodestone.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.reference.WatchCodes.WatchCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchCodesTest {

    @TempDir Path tmp;

    private final ReferenceData bundled = ReferenceData.bundled();

    @Test
    void aCodeFallsUnderItsLongestWatchPrefixWithEveryCommodityItDisguises() {
        WatchCodes codes = bundled.watchCodes();
        assertThat(codes.size()).isEqualTo(9);
        assertThat(codes.of("28259000"))
                .extracting(WatchCode::commodity)
                .containsExactly("antimony");
        assertThat(codes.of("81129990"))
                .extracting(WatchCode::commodity)
                .containsExactly("gallium", "germanium");
        assertThat(codes.of("68151900")).extracting(WatchCode::hsPrefix).containsExactly("6815");
        assertThat(codes.of("282580")).isEmpty(); // antimony oxide itself is controlled
        assertThat(codes.of("72085100")).isEmpty();
        assertThat(codes.routeLabel("85051910")).contains("watch:850519");
        assertThat(codes.of("85051910").get(0).reason()).contains("dysprosium");
    }

    @Test
    void aWatchCodeIsAggregatedUnderItsOwnLabelNeverAsTheCommodity() {
        assertThat(bundled.routeLabel("28259000")).isEqualTo("watch:282590");
        assertThat(bundled.routeLabel("28258000")).isEqualTo("antimony");
        assertThat(bundled.isControlled("28259000")).isFalse();
        assertThat(bundled.isControlled("28258000")).isTrue();
        assertThat(WatchCodes.isRouteLabel("watch:282590")).isTrue();
        assertThat(WatchCodes.isRouteLabel("antimony")).isFalse();
        assertThatThrownBy(() -> bundled.routeLabel("72085100"))
                .hasMessage("hsCode 72085100 is neither in the catalogue nor a watch code");
    }

    @Test
    void everyBundledLineNamesACatalogueCommodityAndNoCommodityIsUnwatchedButCobaltAndLithium() {
        Set<String> watched = new TreeSet<>();
        for (String code :
                new String[] {
                    "282590", "811299", "732690", "850519", "850590", "720299", "261790", "380190",
                    "6815"
                }) {
            bundled.watchCodes().of(code).forEach(c -> watched.add(c.commodity()));
        }
        Set<String> unwatched = new TreeSet<>(bundled.catalogue().commodities());
        unwatched.removeAll(watched);
        assertThat(unwatched).containsExactly("cobalt", "lithium", "rare-earth-compounds");
    }

    @Test
    void aLineWithNoControlledCommodityBehindItIsAStartupErrorNamingTheLine() throws IOException {
        load("282590,antimony,next to antimony oxides\n282590,vanadium,a typo\n")
                .hasMessage(
                        file()
                                + " line 3: watch code 282590 names commodity 'vanadium', which is"
                                + " not in the commodity catalogue "
                                + bundled.catalogue().commodities()
                                + ": a watch code needs a controlled commodity behind it");
    }

    @Test
    void aCatalogueCodeOrAPrefixCoveringOneCannotBeWatched() throws IOException {
        load("28258011,antimony,the oxide itself\n")
                .hasMessage(
                        file()
                                + " line 2: watch code 28258011 is a catalogue code of antimony: a"
                                + " code is controlled or watched, not both");
        load("8112,gallium,the whole heading\n")
                .hasMessage(
                        file()
                                + " line 2: watch code 8112 covers catalogue code 81129210: list"
                                + " the narrower uncontrolled codes instead");
    }

    @Test
    void aDuplicateAMissingReasonOrABadPrefixIsRefused() throws IOException {
        load("261790,tungsten,x\n261790,tungsten,again\n")
                .hasMessage(file() + " line 3: watch code 261790 for tungsten is listed twice");
        load("261790,tungsten, \n")
                .hasMessage(
                        file()
                                + " line 2: expected 'hsPrefix,commodity,reason' with a 2-10 digit"
                                + " prefix and a reason, got '261790,tungsten, '");
        load("26179X,tungsten,x\n")
                .hasMessageStartingWith(file() + " line 2: expected 'hsPrefix,commodity,reason'");
    }

    @Test
    void anEmptyFileWatchesNothing() throws IOException {
        Files.writeString(file(), "hsPrefix,commodity,reason\n");
        WatchCodes none =
                WatchCodes.load(DataFile.of(file().toString(), "unused"), bundled.catalogue());
        assertThat(none.size()).isZero();
        assertThat(none.of("28259000")).isEmpty();
    }

    private Path file() {
        return tmp.resolve("watch.csv");
    }

    private AbstractThrowableAssert<?, ? extends Throwable> load(String lines) throws IOException {
        Files.writeString(file(), "hsPrefix,commodity,reason\n" + lines);
        return assertThatThrownBy(
                () ->
                        WatchCodes.load(
                                DataFile.of(file().toString(), "unused"), bundled.catalogue()));
    }
}
