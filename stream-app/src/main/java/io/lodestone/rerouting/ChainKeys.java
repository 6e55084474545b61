package io.lodestone.rerouting;

import io.lodestone.reference.CompanyNames;

/**
 * The chain judge's key formats, built and parsed here only. A chain key ({@code
 * commodity|hub|company}, the company's normalised name) is the repartition key that brings a hub
 * company's inbound and outbound legs together. The inbound store and the store of judged outbound
 * legs are keyed {@code <chain>@<time>@<shipmentId>} (a chain's legs in time order: the window
 * before an outbound leg, the outbound legs after an inbound one); the store of outbound legs to
 * judge {@code <time>@<chain>@<shipmentId>} (every chain's legs in time order, for judging those
 * the watermark has passed). Times are zero-padded, so byte order is time order.
 */
final class ChainKeys {

    private static final char SEPARATOR = '@';

    /** Sorts after every shipment id: the upper end of a range. */
    private static final String LAST = "@\uffff";

    private ChainKeys() {}

    static String chain(String commodity, String hub, String company) {
        return commodity + "|" + hub + "|" + CompanyNames.normalise(company);
    }

    /** The hub country of a chain key. */
    static String hubOf(String chain) {
        return chain.split("\\|", 3)[1];
    }

    /** A leg's key in its chain, in time order. */
    static String inChain(String chain, long epochMillis, String shipmentId) {
        return chain + SEPARATOR + padded(epochMillis) + SEPARATOR + shipmentId;
    }

    /** The first key of {@code chain} at or after {@code epochMillis}. */
    static String inChainFrom(String chain, long epochMillis) {
        return chain + SEPARATOR + padded(epochMillis);
    }

    /** After the last key of {@code chain} at {@code epochMillis}. */
    static String inChainUpTo(String chain, long epochMillis) {
        return chain + SEPARATOR + padded(epochMillis) + LAST;
    }

    static String outbound(long epochMillis, String chain, String shipmentId) {
        return padded(epochMillis) + SEPARATOR + chain + SEPARATOR + shipmentId;
    }

    static String outboundFrom(long epochMillis) {
        return padded(epochMillis);
    }

    static String outboundUpTo(long epochMillis) {
        return padded(epochMillis) + LAST;
    }

    /** The chain an outbound key belongs to. */
    static String chainOfOutbound(String key) {
        return key.substring(key.indexOf(SEPARATOR) + 1, key.lastIndexOf(SEPARATOR));
    }

    private static String padded(long epochMillis) {
        return String.format("%015d", epochMillis);
    }
}
