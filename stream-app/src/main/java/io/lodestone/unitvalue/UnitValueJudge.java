package io.lodestone.unitvalue;

import io.lodestone.alerts.AlertType;
import io.lodestone.reference.ReferenceData;
import io.lodestone.reference.WatchCodes.WatchCode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Judges one band code's declarations of one month against the bands of the 12 months before:
 *
 * <ul>
 *   <li>a watch-code declaration priced inside the band of a code of a commodity it may disguise,
 *       and more than k spreads above its own code's band, is a substitution;
 *   <li>any other declaration more than k spreads from its own band, either way, is out of band.
 * </ul>
 *
 * An exporter's out-of-band declarations of the month are one finding, made only when their value
 * gap is material for the code and when the exporter's declarations corroborate it ({@link
 * #EVIDENCE_MONTHS}): real prices have heavy tails (grades, contracts, mixed lots), so one
 * declaration a little out of band is common, two the same way are not. A declaration whose code
 * (or origin) has too little history is not judged.
 */
public final class UnitValueJudge {

    /**
     * A declaration out of band is a finding when another of the exporter's, this month or in the
     * months before up to this many months in all, is out of band the same way, or when it is out
     * by twice k alone.
     */
    public static final int EVIDENCE_MONTHS = 3;

    private final ReferenceData reference;
    private final UnitValueSettings settings;

    public UnitValueJudge(ReferenceData reference, UnitValueSettings settings) {
        this.reference = reference;
        this.settings = settings;
    }

    /** One declaration's verdict before grouping: its band, and a controlled code's band. */
    private record OutOfBand(
            Declaration d,
            UnitValueBand band,
            double z,
            String controlledCode,
            UnitValueBand controlledBand) {

        AlertType type() {
            return controlledCode == null
                    ? AlertType.UNIT_VALUE_ANOMALY
                    : AlertType.HS_SUBSTITUTION_SUSPECTED;
        }

        double expectedUsd() {
            return d.netWeightKg() * band.medianUsdPerKg();
        }
    }

    /**
     * The findings of {@code bandCode}'s declarations of {@code month}, from {@code recent} (its
     * declarations by month: those of {@code month} and the {@link #EVIDENCE_MONTHS} − 1 before it,
     * which corroborate) and the monthly bins of every band code of the family ({@code bins}: band
     * code → month → bins). A declaration is judged against the band of its own month.
     */
    public List<UnitValueFinding> judge(
            String bandCode,
            YearMonth month,
            Map<YearMonth, List<Declaration>> recent,
            Map<String, Map<YearMonth, PriceBins>> bins) {
        List<OutOfBand> earlier = new ArrayList<>();
        for (int back = EVIDENCE_MONTHS - 1; back >= 1; back--) {
            YearMonth m = month.minusMonths(back);
            earlier.addAll(outOfBand(bandCode, m, recent.getOrDefault(m, List.of()), bins));
        }
        Map<String, List<OutOfBand>> byExporter = new TreeMap<>();
        for (OutOfBand v :
                outOfBand(bandCode, month, recent.getOrDefault(month, List.of()), bins)) {
            byExporter
                    .computeIfAbsent(v.type() + "|" + v.d().exporterId(), e -> new ArrayList<>())
                    .add(v);
        }
        List<UnitValueFinding> findings = new ArrayList<>();
        for (List<OutOfBand> group : byExporter.values()) {
            OutOfBand lead = lead(group);
            // the same exporter's declarations out of band the same way, this month and before
            long corroborating =
                    group.size()
                            + earlier.stream()
                                    .filter(
                                            v ->
                                                    v.type() == lead.type()
                                                            && v.d().exporterId()
                                                                    .equals(lead.d().exporterId())
                                                            && Math.signum(v.z())
                                                                    == Math.signum(lead.z()))
                                    .count();
            boolean alone = Math.abs(lead.z()) >= 2 * settings.k();
            if (corroborating < 2 && !alone) {
                continue; // one declaration a little out of band: a grade or a contract, alone
            }
            UnitValueFinding finding = finding(bandCode, month, group, (int) corroborating);
            if (finding.gapUsd() >= reference.materialUsd(bandCode)) {
                findings.add(finding);
            }
        }
        return findings;
    }

    /** The declarations of {@code month} out of their band, each with its verdict. */
    private List<OutOfBand> outOfBand(
            String bandCode,
            YearMonth month,
            List<Declaration> declarations,
            Map<String, Map<YearMonth, PriceBins>> bins) {
        Map<YearMonth, PriceBins> own = bins.getOrDefault(bandCode, Map.of());
        List<WatchCode> disguises =
                reference.isControlled(bandCode) ? List.of() : reference.watchCodes().of(bandCode);
        Map<String, Optional<UnitValueBand>> byOrigin = new HashMap<>();
        List<OutOfBand> out = new ArrayList<>();
        for (Declaration d : declarations) {
            Optional<UnitValueBand> band =
                    byOrigin.computeIfAbsent(
                            d.originCountry(), o -> UnitValueBand.of(own, month, o, settings));
            if (band.isEmpty()) {
                continue;
            }
            double z = band.get().z(d.usdPerKg());
            if (Math.abs(z) <= settings.k()) {
                continue;
            }
            OutOfBand verdict = new OutOfBand(d, band.get(), z, null, null);
            if (z > 0 && !disguises.isEmpty()) {
                verdict = substitution(verdict, disguises, bins, month).orElse(verdict);
            }
            out.add(verdict);
        }
        return out;
    }

    private static OutOfBand lead(List<OutOfBand> group) {
        return group.stream().max(Comparator.comparingDouble(v -> Math.abs(v.z()))).orElseThrow();
    }

    /**
     * The verdict as a substitution when the declaration sits inside the band of a code of a
     * commodity its watch code may disguise (the first such code, in code order).
     */
    private Optional<OutOfBand> substitution(
            OutOfBand verdict,
            List<WatchCode> disguises,
            Map<String, Map<YearMonth, PriceBins>> bins,
            YearMonth month) {
        for (WatchCode disguise : disguises) {
            for (Map.Entry<String, Map<YearMonth, PriceBins>> code :
                    new TreeMap<>(bins).entrySet()) {
                if (!reference
                        .catalogue()
                        .commodityOf(code.getKey())
                        .filter(disguise.commodity()::equals)
                        .isPresent()) {
                    continue;
                }
                Optional<UnitValueBand> controlled =
                        UnitValueBand.of(
                                code.getValue(), month, verdict.d().originCountry(), settings);
                if (controlled.isPresent()
                        && Math.abs(controlled.get().z(verdict.d().usdPerKg())) <= settings.k()) {
                    return Optional.of(
                            new OutOfBand(
                                    verdict.d(),
                                    verdict.band(),
                                    verdict.z(),
                                    code.getKey(),
                                    controlled.get()));
                }
            }
        }
        return Optional.empty();
    }

    private static UnitValueFinding finding(
            String bandCode, YearMonth month, List<OutOfBand> group, int corroborating) {
        OutOfBand lead = lead(group);
        boolean under = group.stream().anyMatch(v -> v.z() < 0);
        boolean over = group.stream().anyMatch(v -> v.z() > 0);
        Map<String, OutOfBand> byShipment = new LinkedHashMap<>();
        group.stream()
                .sorted(Comparator.comparing(v -> v.d().shipmentId()))
                .forEach(v -> byShipment.put(v.d().shipmentId(), v));
        return new UnitValueFinding(
                lead.type(),
                bandCode,
                month.toString(),
                lead.d().exporterId(),
                lead.d().exporterName(),
                under && over ? "BOTH" : under ? "UNDER" : "OVER",
                List.copyOf(byShipment.keySet()),
                group.stream().mapToDouble(v -> v.d().netWeightKg()).sum(),
                group.stream().mapToDouble(v -> v.d().valueUsd()).sum(),
                group.stream().mapToDouble(OutOfBand::expectedUsd).sum(),
                lead.d(),
                lead.band(),
                lead.controlledCode(),
                lead.controlledBand(),
                corroborating);
    }
}
