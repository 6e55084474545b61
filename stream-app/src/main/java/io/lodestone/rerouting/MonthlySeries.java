package io.lodestone.rerouting;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * A route's (or a sum of routes') declarations and net weight per calendar month, from {@code first} (the
 * month of its first declaration) for {@code counts.length} months. Months after {@code first} with no
 * declaration are 0; months before it are outside the route's history ({@link #first()} tells where it begins).
 * The one owner of this layout: the route judge's store, month reports and the hub judge all go through it.
 */
public record MonthlySeries(String firstMonth, long[] counts, double[] kg) {

    /** How many months a series keeps: 12 before a change and 12 after it, the longest any judge looks at. */
    public static final int KEPT_MONTHS = 24;

    public MonthlySeries {
        if (counts.length != kg.length) {
            throw new IllegalArgumentException("counts and kg differ in length");
        }
    }

    public static MonthlySeries empty(YearMonth first) {
        return new MonthlySeries(first.toString(), new long[0], new double[0]);
    }

    @JsonIgnore
    public YearMonth first() {
        return YearMonth.parse(firstMonth);
    }

    /** The last month the series covers (the month before {@link #first()} when it is empty). */
    @JsonIgnore
    public YearMonth last() {
        return first().plusMonths(counts.length - 1L);
    }

    public long count(YearMonth month) {
        int i = index(month);
        return i < 0 || i >= counts.length ? 0 : counts[i];
    }

    public double kg(YearMonth month) {
        int i = index(month);
        return i < 0 || i >= kg.length ? 0 : kg[i];
    }

    /** This series extended (with zeros where needed) to {@code month}, which holds {@code count} and {@code kgOfMonth}. */
    public MonthlySeries with(YearMonth month, long count, double kgOfMonth) {
        int i = index(month);
        if (i < 0) {
            throw new IllegalArgumentException(month + " is before the series' first month " + firstMonth);
        }
        long[] c = Arrays.copyOf(counts, Math.max(counts.length, i + 1));
        double[] w = Arrays.copyOf(kg, c.length);
        c[i] = count;
        w[i] = kgOfMonth;
        return new MonthlySeries(firstMonth, c, w);
    }

    /** The months from {@code from} (or the first month, if later) to {@code to}: what a month report carries downstream. */
    public MonthlySeries window(YearMonth from, YearMonth to) {
        YearMonth start = from.isBefore(first()) ? first() : from;
        int a = index(start);
        int b = Math.min(index(to) + 1, counts.length);
        if (b <= a) {
            return empty(start);
        }
        return new MonthlySeries(start.toString(), Arrays.copyOfRange(counts, a, b), Arrays.copyOfRange(kg, a, b));
    }

    /** Month by month sum of two series (a pair's hub legs declared under several origins), from the earlier first month. */
    public MonthlySeries plus(MonthlySeries other) {
        YearMonth start = first().isBefore(other.first()) ? first() : other.first();
        YearMonth end = last().isAfter(other.last()) ? last() : other.last();
        int n = (int) start.until(end, ChronoUnit.MONTHS) + 1;
        long[] c = new long[Math.max(n, 0)];
        double[] w = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            YearMonth m = start.plusMonths(i);
            c[i] = count(m) + other.count(m);
            w[i] = kg(m) + other.kg(m);
        }
        return new MonthlySeries(start.toString(), c, w);
    }

    private int index(YearMonth month) {
        return (int) first().until(month, ChronoUnit.MONTHS);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MonthlySeries s && s.firstMonth.equals(firstMonth) && Arrays.equals(s.counts, counts) && Arrays.equals(s.kg,
                kg);
    }

    @Override
    public int hashCode() {
        return firstMonth.hashCode() * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "MonthlySeries[" + firstMonth + " " + Arrays.toString(counts) + " " + Arrays.toString(kg) + "]";
    }
}
