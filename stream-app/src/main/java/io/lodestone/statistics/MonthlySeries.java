package io.lodestone.statistics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.DateTimeException;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * A route's (or a sum of routes') declarations and net weight per calendar month, from {@code
 * first} (the month of its first declaration) for {@code counts.length} months. Months after {@code
 * first} with no declaration are 0; months before it are outside the route's history ({@link
 * #first()} tells where it begins). The one owner of this layout: the route judge's store, month
 * reports and the hub judge all go through it.
 */
public record MonthlySeries(String firstMonth, long[] counts, double[] kg) {

    /**
     * How many months a series keeps: 12 before a change and 12 after it, the longest any judge
     * looks at.
     */
    public static final int KEPT_MONTHS = 24;

    public MonthlySeries {
        if (counts.length != kg.length) {
            throw new IllegalArgumentException("counts and kg differ in length");
        }
        if (firstMonth.length() < 7 || firstMonth.charAt(firstMonth.length() - 3) != '-') {
            throw new IllegalArgumentException("not a yyyy-MM month: '" + firstMonth + "'");
        }
        try {
            YearMonth.of(firstYear(firstMonth), monthOfYear(firstMonth));
        } catch (NumberFormatException | DateTimeException e) {
            throw new IllegalArgumentException("not a yyyy-MM month: '" + firstMonth + "'", e);
        }
    }

    public static MonthlySeries empty(YearMonth first) {
        return new MonthlySeries(first.toString(), new long[0], new double[0]);
    }

    @JsonIgnore
    public YearMonth first() {
        return YearMonth.of(firstYear(), firstMonthOfYear());
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

    /**
     * This series extended (with zeros where needed) to {@code month}, which holds {@code count}
     * and {@code kgOfMonth}.
     */
    public MonthlySeries with(YearMonth month, long count, double kgOfMonth) {
        int i = index(month);
        if (i < 0) {
            throw new IllegalArgumentException(
                    month + " is before the series' first month " + firstMonth);
        }
        long[] c = Arrays.copyOf(counts, Math.max(counts.length, i + 1));
        double[] w = Arrays.copyOf(kg, c.length);
        c[i] = count;
        w[i] = kgOfMonth;
        return new MonthlySeries(firstMonth, c, w);
    }

    /**
     * The months from {@code from} (or the first month, if later) to {@code to}: what a month
     * report carries downstream.
     */
    public MonthlySeries window(YearMonth from, YearMonth to) {
        YearMonth start = from.isBefore(first()) ? first() : from;
        int a = index(start);
        int b = Math.min(index(to) + 1, counts.length);
        if (b <= a) {
            return empty(start);
        }
        return new MonthlySeries(
                start.toString(), Arrays.copyOfRange(counts, a, b), Arrays.copyOfRange(kg, a, b));
    }

    /**
     * Month by month sum of two series (a pair's hub legs declared under several origins), from the
     * earlier first month.
     */
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

    /**
     * Months from the first to {@code month}. The judges call this for every month they look at, so
     * it reads {@code yyyy-MM} with two integer parses rather than {@link YearMonth#parse}'s
     * formatter (measured: 10% of the full topology's stream thread in bin/benchmark).
     */
    private int index(YearMonth month) {
        return (month.getYear() - firstYear()) * 12 + month.getMonthValue() - firstMonthOfYear();
    }

    private int firstYear() {
        return firstYear(firstMonth);
    }

    private int firstMonthOfYear() {
        return monthOfYear(firstMonth);
    }

    private static int firstYear(String yearMonth) {
        return Integer.parseInt(yearMonth, 0, yearMonth.length() - 3, 10);
    }

    private static int monthOfYear(String yearMonth) {
        return Integer.parseInt(yearMonth, yearMonth.length() - 2, yearMonth.length(), 10);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MonthlySeries s
                && s.firstMonth.equals(firstMonth)
                && Arrays.equals(s.counts, counts)
                && Arrays.equals(s.kg, kg);
    }

    @Override
    public int hashCode() {
        return firstMonth.hashCode() * 31 + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "MonthlySeries["
                + firstMonth
                + " "
                + Arrays.toString(counts)
                + " "
                + Arrays.toString(kg)
                + "]";
    }
}
