package io.lodestone.unitvalue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.lodestone.alerts.AlertType;
import io.lodestone.reference.ReferenceData;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The unit-value judge alone: bands from a code's bins of the 12 months before, findings per
 * exporter, materiality, substitution against a disguised commodity's band.
 */
class UnitValueJudgeTest {

    static final UnitValueSettings SETTINGS =
            new UnitValueSettings(
                    5, 24, 30, 3, 0.1, Duration.ofDays(7), Duration.ofDays(3), Duration.ZERO);
    private static final ReferenceData REFERENCE = ReferenceData.bundled();
    private static final YearMonth JUDGED = YearMonth.of(2025, 1);

    private final UnitValueJudge judge = new UnitValueJudge(REFERENCE, SETTINGS);
    private final Map<String, Map<YearMonth, PriceBins>> bins = new TreeMap<>();
    private final Random random = new Random(7);
    private int ids;

    /**
     * {@code perMonth} declarations a month of 2024 at about {@code usdPerKg} (±10%, lognormal).
     */
    private void history(String hsCode, String origin, int perMonth, double usdPerKg) {
        for (YearMonth m = YearMonth.of(2024, 1); m.isBefore(JUDGED); m = m.plusMonths(1)) {
            for (int i = 0; i < perMonth; i++) {
                double price = usdPerKg * Math.exp(0.1 * random.nextGaussian());
                count(declaration("H", hsCode, origin, m, 20_000, price));
            }
        }
    }

    private void count(Declaration d) {
        bins.computeIfAbsent(d.bandCode(), c -> new TreeMap<>())
                .merge(d.month(), PriceBins.empty().with(d, 1), (a, b) -> a.with(d, 1));
    }

    private Declaration declaration(
            String exporter,
            String hsCode,
            String origin,
            YearMonth month,
            double kg,
            double price) {
        return new Declaration(
                "SHP-" + ++ids,
                exporter,
                exporter + " Trading Co.",
                origin,
                origin,
                "US",
                hsCode,
                BandCode.of(hsCode, REFERENCE),
                month.atDay(15).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli(),
                kg,
                kg * price,
                false);
    }

    @Test
    void anExportersUnderInvoicedDeclarationsOfAMonthAreOneFindingWithEveryDeclaration() {
        history("28258000", "CN", 5, 12.0);
        Declaration a1 = declaration("A", "28258000", "CN", JUDGED, 20_000, 12.0 * 0.3);
        Declaration a2 = declaration("A", "28258000", "CN", JUDGED, 20_000, 12.0 * 0.25);
        Declaration fair = declaration("B", "28258000", "CN", JUDGED, 20_000, 12.5);
        Declaration small = declaration("C", "28258000", "CN", JUDGED, 100, 12.0 * 0.3);

        List<UnitValueFinding> found =
                judge.judge("282580", JUDGED, Map.of(JUDGED, List.of(a1, a2, fair, small)), bins);

        assertThat(found).hasSize(1);
        UnitValueFinding f = found.get(0);
        assertThat(f.type()).isEqualTo(AlertType.UNIT_VALUE_ANOMALY);
        assertThat(f.exporterId()).isEqualTo("A");
        assertThat(f.direction()).isEqualTo("UNDER");
        assertThat(f.shipmentIds()).containsExactly(a1.shipmentId(), a2.shipmentId());
        assertThat(f.valueUsd()).isEqualTo(20_000 * 12.0 * 0.55, offset(1e-6));
        assertThat(f.band().basis()).isEqualTo("origin CN");
        assertThat(f.band().declarations()).isEqualTo(60);
        assertThat(f.band().medianUsdPerKg()).isBetween(11.4, 12.6);
        assertThat(f.lead()).isEqualTo(a2); // the furthest out
        assertThat(f.gapUsd())
                .as("what 40 t were worth at the band's median, less what they were declared at")
                .isCloseTo(40_000 * f.band().medianUsdPerKg() - 132_000, offset(1e-6));
    }

    @Test
    void oneDeclarationALittleOutOfBandIsNoFindingButTwoOfAnExportersWithinThreeMonthsAre() {
        history("28258000", "CN", 5, 12.0);
        // about 7 spreads under: out of band, but under the 10 that a declaration needs alone
        Declaration november = declaration("A", "28258000", "CN", JUDGED.minusMonths(2), 20_000, 6);
        Declaration january = declaration("A", "28258000", "CN", JUDGED, 20_000, 6);
        assertThat(judge.judge("282580", JUDGED, Map.of(JUDGED, List.of(january)), bins))
                .as("alone")
                .isEmpty();
        assertThat(
                        judge.judge(
                                "282580",
                                JUDGED,
                                Map.of(
                                        JUDGED,
                                        List.of(january),
                                        JUDGED.minusMonths(2),
                                        List.of(november)),
                                bins))
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.shipmentIds()).containsExactly(january.shipmentId());
                            assertThat(f.corroborating()).isEqualTo(2);
                        });
        Declaration october = declaration("A", "28258000", "CN", JUDGED.minusMonths(3), 20_000, 6);
        assertThat(
                        judge.judge(
                                "282580",
                                JUDGED,
                                Map.of(
                                        JUDGED,
                                        List.of(january),
                                        JUDGED.minusMonths(3),
                                        List.of(october)),
                                bins))
                .as("three months back is too far")
                .isEmpty();
    }

    @Test
    void overInvoicingIsFlaggedToo() {
        history("28258000", "CN", 5, 12.0);
        Declaration over = declaration("A", "28258000", "CN", JUDGED, 20_000, 12.0 * 3);
        assertThat(judge.judge("282580", JUDGED, Map.of(JUDGED, List.of(over)), bins))
                .singleElement()
                .satisfies(f -> assertThat(f.direction()).isEqualTo("OVER"));
    }

    @Test
    void aCodeWithTooLittleHistoryIsNotJudgedAndAnOriginWithLittleUsesTheCodesBand() {
        history("28258000", "CN", 1, 12.0); // 12 declarations: below 24
        Declaration cheap = declaration("A", "28258000", "CN", JUDGED, 20_000, 1.0);
        assertThat(judge.judge("282580", JUDGED, Map.of(JUDGED, List.of(cheap)), bins)).isEmpty();

        history("28258000", "VN", 2, 12.0); // 12 + 24: the code's band, not VN's own
        assertThat(judge.judge("282580", JUDGED, Map.of(JUDGED, List.of(cheap)), bins))
                .singleElement()
                .satisfies(f -> assertThat(f.band().basis()).isEqualTo("code"));
    }

    @Test
    void aMarketThatTriplesOverAYearMovesItsBand() {
        // +9.6% a month for 12 months: x3 over the year, and January goes on rising
        for (int i = 0; i < 12; i++) {
            YearMonth m = YearMonth.of(2024, 1).plusMonths(i);
            for (int j = 0; j < 5; j++) {
                count(declaration("H", "28258000", "CN", m, 20_000, 12.0 * Math.pow(1.096, i)));
            }
        }
        Declaration atMarket =
                declaration("A", "28258000", "CN", JUDGED, 20_000, 12.0 * Math.pow(1.096, 12));
        assertThat(judge.judge("282580", JUDGED, Map.of(JUDGED, List.of(atMarket)), bins))
                .isEmpty();
    }

    @Test
    void aWatchCodeAtTheDisguisedCommoditysPriceIsASubstitution() {
        history("28258000", "CN", 5, 12.0); // antimony oxides
        history("28259000", "CN", 5, 1.5); // other oxides: cheap
        Declaration disguised = declaration("D", "28259000", "CN", JUDGED, 20_000, 11.0);
        Declaration cheap = declaration("E", "28259000", "CN", JUDGED, 20_000, 1.6);

        List<UnitValueFinding> found =
                judge.judge("282590", JUDGED, Map.of(JUDGED, List.of(disguised, cheap)), bins);

        assertThat(found)
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.type()).isEqualTo(AlertType.HS_SUBSTITUTION_SUSPECTED);
                            assertThat(f.exporterId()).isEqualTo("D");
                            assertThat(f.controlledCode()).isEqualTo("282580");
                            assertThat(f.controlledBand().medianUsdPerKg()).isBetween(11.4, 12.6);
                            assertThat(f.band().medianUsdPerKg()).isBetween(1.4, 1.6);
                        });
    }

    @Test
    void aWatchCodeFarAboveItsBandButOutsideTheCommoditysIsAnAnomalyNotASubstitution() {
        history("28258000", "CN", 5, 12.0);
        history("28259000", "CN", 5, 1.5);
        Declaration dear = declaration("D", "28259000", "CN", JUDGED, 20_000, 200.0);
        assertThat(judge.judge("282590", JUDGED, Map.of(JUDGED, List.of(dear)), bins))
                .singleElement()
                .satisfies(f -> assertThat(f.type()).isEqualTo(AlertType.UNIT_VALUE_ANOMALY));
    }

    @Test
    void galliumAndGermaniumKeepBandsOfTheirOwnThoughTheyShareSixDigits() {
        assertThat(BandCode.of("81129210", REFERENCE)).isEqualTo("81129210");
        assertThat(BandCode.of("81129230", REFERENCE)).isEqualTo("81129230");
        assertThat(BandCode.of("28258000", REFERENCE)).isEqualTo("282580");
        assertThat(BandCode.of("8110", REFERENCE)).isEqualTo("8110");
        assertThat(BandCode.of("68151900", REFERENCE)).isEqualTo("681519");
        List<Declaration> none = new ArrayList<>();
        assertThat(judge.judge("81129210", JUDGED, Map.of(JUDGED, none), bins)).isEmpty();
    }
}
