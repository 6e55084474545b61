package io.lodestone.reference;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Export controls, from a JSON data file: which issuing country needs a licence for which commodity
 * to which destinations, and which (origin, destination, commodity) flows are restricted — the
 * pairs the rerouting detectors watch.
 */
@JsonIgnoreProperties(ignoreUnknown = true) // "_comment" documents the file
public record ControlList(
        List<LicenceRequirement> licenceRequirements, List<RestrictedPair> restrictedPairs) {

    /**
     * Exports of {@code commodity} from {@code issuingCountry} to {@code destinations} ("*" = any)
     * need a licence from {@code since}.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record LicenceRequirement(
            String issuingCountry,
            String commodity,
            Set<String> destinations,
            LocalDate since,
            String reference) {}

    /** A banned or throttled flow from {@code since}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RestrictedPair(
            String origin,
            String destination,
            String commodity,
            LocalDate since,
            String reference) {}

    public ControlList {
        licenceRequirements =
                List.copyOf(licenceRequirements == null ? List.of() : licenceRequirements);
        restrictedPairs = List.copyOf(restrictedPairs == null ? List.of() : restrictedPairs);
    }

    /**
     * The requirement that makes an export of {@code commodity} from {@code exportCountry} to
     * {@code destination} on {@code day} need a licence.
     */
    public java.util.Optional<LicenceRequirement> licenceRequirementFor(
            String exportCountry, String commodity, String destination, LocalDate day) {
        return licenceRequirements.stream()
                .filter(
                        r ->
                                r.issuingCountry().equals(exportCountry)
                                        && r.commodity().equals(commodity)
                                        && !day.isBefore(r.since())
                                        && (r.destinations().contains("*")
                                                || r.destinations().contains(destination)))
                .findFirst();
    }

    /**
     * The restriction on {@code commodity} from {@code origin} to {@code destination} in force on
     * {@code day}, if any.
     */
    public java.util.Optional<RestrictedPair> restrictionFor(
            String origin, String destination, String commodity, LocalDate day) {
        return restrictedPairs.stream()
                .filter(
                        p ->
                                p.origin().equals(origin)
                                        && p.destination().equals(destination)
                                        && p.commodity().equals(commodity)
                                        && !day.isBefore(p.since()))
                .findFirst();
    }

    /**
     * The restriction on {@code commodity} from {@code origin} to {@code destination} whose date
     * falls from {@code monthsBefore} months before {@code month} to {@code monthsAfter} after it,
     * if any: a change of its flow then is the listed event.
     */
    public java.util.Optional<RestrictedPair> listedAround(
            String origin,
            String destination,
            String commodity,
            java.time.YearMonth month,
            int monthsBefore,
            int monthsAfter) {
        return restrictedPairs.stream()
                .filter(
                        p -> {
                            java.time.YearMonth since = java.time.YearMonth.from(p.since());
                            return p.origin().equals(origin)
                                    && p.destination().equals(destination)
                                    && p.commodity().equals(commodity)
                                    && !month.isBefore(since.minusMonths(monthsBefore))
                                    && month.isBefore(since.plusMonths(monthsAfter));
                        })
                .findFirst();
    }

    /**
     * Whether some restriction on {@code commodity} from {@code origin} exists (any destination,
     * any date).
     */
    public boolean restrictsOrigin(String origin, String commodity) {
        return restrictedPairs.stream()
                .anyMatch(p -> p.origin().equals(origin) && p.commodity().equals(commodity));
    }

    /**
     * Whether some restriction on {@code commodity} into {@code destination} exists (any origin,
     * any date).
     */
    public boolean restrictsDestination(String destination, String commodity) {
        return restrictedPairs.stream()
                .anyMatch(
                        p ->
                                p.destination().equals(destination)
                                        && p.commodity().equals(commodity));
    }

    public static ControlList load(DataFile file, CommodityCatalogue catalogue) {
        ControlList list;
        try (Reader reader = file.open()) {
            list =
                    new ObjectMapper()
                            .registerModule(new JavaTimeModule())
                            .readValue(reader, ControlList.class);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read control list " + file + ": " + e.getMessage(), e);
        }
        list.validate(file, catalogue);
        return list;
    }

    private void validate(DataFile file, CommodityCatalogue catalogue) {
        Set<String> known = catalogue.commodities();
        for (LicenceRequirement r : licenceRequirements) {
            check(
                    file,
                    r.toString(),
                    r.issuingCountry() != null
                            && r.since() != null
                            && r.destinations() != null
                            && !r.destinations().isEmpty());
            check(
                    file,
                    "commodity '" + r.commodity() + "' is not in the commodity catalogue",
                    known.contains(r.commodity()));
        }
        for (RestrictedPair p : restrictedPairs) {
            check(
                    file,
                    p.toString(),
                    p.origin() != null && p.destination() != null && p.since() != null);
            check(
                    file,
                    "commodity '" + p.commodity() + "' is not in the commodity catalogue",
                    known.contains(p.commodity()));
        }
    }

    private static void check(DataFile file, String what, boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException(
                    "control list "
                            + file
                            + " is invalid: "
                            + what
                            + " (every entry needs countries, a commodity from the catalogue and a"
                            + " 'since' date)");
        }
    }
}
