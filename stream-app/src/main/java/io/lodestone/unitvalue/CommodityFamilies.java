package io.lodestone.unitvalue;

import io.lodestone.reference.ReferenceData;
import io.lodestone.reference.WatchCodes.WatchCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Commodities joined by a watch code that disguises them all (811299 for gallium and germanium):
 * the unit-value judge of a watch code compares it with the bands of every code of the commodities
 * it may disguise, so a family's declarations meet in one task. A family is named by its
 * alphabetically first commodity.
 */
final class CommodityFamilies {

    private final Map<String, String> parent = new HashMap<>();
    private final ReferenceData reference;

    CommodityFamilies(ReferenceData reference) {
        this.reference = reference;
        reference.catalogue().commodities().forEach(c -> parent.put(c, c));
        for (String prefix : reference.watchCodes().prefixes()) {
            List<WatchCode> codes = reference.watchCodes().of(prefix);
            codes.forEach(w -> join(codes.get(0).commodity(), w.commodity()));
        }
    }

    /** The family of a band code's commodity, or of the commodities a watch code disguises. */
    String of(String bandCode) {
        return familyOf(
                reference
                        .catalogue()
                        .commodityOf(bandCode)
                        .orElseGet(() -> reference.watchCodes().of(bandCode).get(0).commodity()));
    }

    private String familyOf(String commodity) {
        String up = parent.get(commodity);
        return up.equals(commodity) ? commodity : familyOf(up);
    }

    private void join(String a, String b) {
        String fa = familyOf(a);
        String fb = familyOf(b);
        if (fa.compareTo(fb) < 0) {
            parent.put(fb, fa);
        } else if (fb.compareTo(fa) < 0) {
            parent.put(fa, fb);
        }
    }
}
