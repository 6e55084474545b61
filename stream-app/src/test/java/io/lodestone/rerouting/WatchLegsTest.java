package io.lodestone.rerouting;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.reference.DataFile;
import io.lodestone.reference.ReferenceData;
import io.lodestone.routechange.MonthReport;
import io.lodestone.statistics.MonthlySeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which restricted pair a watch code's route is judged with: one per commodity it watches. */
class WatchLegsTest {

    @TempDir Path tmp;

    private ReferenceData twoAntimonyPairsFromChina() throws IOException {
        Path controlList = tmp.resolve("control-list.json");
        Files.writeString(
                controlList,
                """
                {"licenceRequirements": [],
                 "restrictedPairs": [
                  {"origin": "CN", "destination": "US", "commodity": "antimony",
                   "since": "2024-12-03", "reference": "ban"},
                  {"origin": "CN", "destination": "JP", "commodity": "antimony",
                   "since": "2024-12-03", "reference": "test"}]}
                """);
        return ReferenceData.load(
                DataFile.of(null, ReferenceData.BUNDLED_CATALOGUE),
                DataFile.of(controlList.toString(), ReferenceData.BUNDLED_CONTROL_LIST),
                DataFile.of(null, ReferenceData.BUNDLED_MATERIALITY),
                DataFile.of(null, ReferenceData.BUNDLED_DECLARATION_LIMITS),
                DataFile.of(null, ReferenceData.BUNDLED_WATCH_CODES),
                DataFile.of(null, ReferenceData.BUNDLED_VALUE_MATERIALITY));
    }

    private static MonthReport report(String route) {
        return new MonthReport(route, "2025-01", MonthlySeries.empty(YearMonth.of(2025, 1)), null);
    }

    @Test
    void aWatchCodesRouteIsALegOfItsOwnPairOrElseOfTheFirstPairFromItsOrigin() throws IOException {
        ReferenceData reference = twoAntimonyPairsFromChina();
        assertThat(HubReroutingDetector.legsOf(reference, report("watch:282590|CN|CN|JP")))
                .extracting(kv -> kv.key)
                .as("to a listed destination: that pair")
                .containsExactly("antimony|CN|JP");
        assertThat(HubReroutingDetector.legsOf(reference, report("watch:282590|CN|CN|TH")))
                .as("to a hub: the first pair from CN only, so the route is judged once")
                .singleElement()
                .satisfies(
                        (KeyValue<String, HubReroutingDetector.Leg> kv) -> {
                            assertThat(kv.key).isEqualTo("antimony|CN|US");
                            assertThat(kv.value.kind())
                                    .isEqualTo(HubReroutingDetector.LegKind.WATCH);
                            assertThat(kv.value.hub()).isEqualTo("TH");
                        });
        assertThat(HubReroutingDetector.legsOf(reference, report("antimony|CN|CN|TH")))
                .extracting(kv -> kv.key)
                .as("the commodity's own route to a hub is a leg of every pair from CN")
                .containsExactly("antimony|CN|US", "antimony|CN|JP");
        assertThat(HubReroutingDetector.legsOf(reference, report("watch:282590|TH|TH|US")))
                .as("a watch code exported from a hub is no leg")
                .isEmpty();
    }
}
