package io.lodestone.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the simulated goods trade at, per HS code (its longest listed prefix), from {@value #FILE}:
 * a price in USD per kg that may rise between two dates (antimony tripled over 2024).
 */
final class Prices {

    static final String FILE = "lodestone/simulator/prices.csv";

    /** A listed price; {@code riseFrom} null: it does not move. */
    record Price(
            String hsPrefix,
            double usdPerKg,
            double riseFactor,
            LocalDate riseFrom,
            LocalDate riseTo) {

        double on(LocalDate day) {
            if (riseFrom == null || !day.isAfter(riseFrom)) {
                return usdPerKg;
            }
            double share =
                    Math.min(
                            1,
                            ChronoUnit.DAYS.between(riseFrom, day)
                                    / (double) ChronoUnit.DAYS.between(riseFrom, riseTo));
            return usdPerKg * Math.pow(riseFactor, share);
        }
    }

    private final List<Price> longestFirst;

    private Prices(List<Price> prices) {
        this.longestFirst = new ArrayList<>(prices);
        longestFirst.sort(Comparator.comparingInt((Price p) -> p.hsPrefix().length()).reversed());
    }

    static Prices bundled() {
        try (InputStream in = Prices.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing from the simulator's jar");
            }
            List<Price> prices = new ArrayList<>();
            BufferedReader reader =
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean header = true;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] f = line.split(",", 6);
                boolean rises = !f[2].isEmpty();
                prices.add(
                        new Price(
                                f[0],
                                Double.parseDouble(f[1]),
                                rises ? Double.parseDouble(f[2]) : 1,
                                rises ? LocalDate.parse(f[3]) : null,
                                rises ? LocalDate.parse(f[4]) : null));
            }
            return new Prices(prices);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The price of goods of {@code hsCode} on {@code day}, in USD per kg. */
    double usdPerKg(String hsCode, LocalDate day) {
        for (Price p : longestFirst) {
            if (hsCode.startsWith(p.hsPrefix())) {
                return p.on(day);
            }
        }
        throw new IllegalArgumentException(
                "no price for HS code " + hsCode + " in " + FILE + ": add a line for it");
    }
}
